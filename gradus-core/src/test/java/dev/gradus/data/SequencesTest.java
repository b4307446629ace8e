package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@code pad_sequences} against the examples in Keras's docstring (keras/src/utils/sequence_utils.py). */
class SequencesTest {
    private static final int[][] SEQ = {{1}, {2, 3}, {4, 5, 6}};

    private static void check(Tensor t, int rows, int cols, float... values) {
        assertThat(t.shape().dims()).containsExactly(rows, cols);
        assertThat(t.toFloatArray()).containsExactly(values);
    }

    @Test
    void padsAndTruncatesAsKerasDocuments() {
        check(Sequences.padSequences(SEQ), 3, 3, 0, 0, 1, 0, 2, 3, 4, 5, 6);
        check(Sequences.padSequences(SEQ, null, "int32", "pre", "pre", -1), 3, 3, -1, -1, 1, -1, 2, 3, 4, 5, 6);
        check(Sequences.padSequences(SEQ, null, "int32", "post", "pre", 0), 3, 3, 1, 0, 0, 2, 3, 0, 4, 5, 6);
        check(Sequences.padSequences(SEQ, 2), 3, 2, 0, 1, 2, 3, 5, 6);
    }

    @Test
    void truncatesAtTheEndCastsTheValueAndKeepsEmptySequences() {
        check(Sequences.padSequences(SEQ, 2, "int32", "post", "post", 0), 3, 2, 1, 0, 2, 3, 4, 5);
        // int32 truncates the value toward zero; float32 keeps it
        check(Sequences.padSequences(new int[][] {{7}, {}}, 2, "int32", "pre", "pre", -1.7), 2, 2, -1, 7, -1, -1);
        check(Sequences.padSequences(new int[][] {{7}}, 2, "float32", "pre", "pre", 0.5), 1, 2, 0.5f, 7);
        check(Sequences.padSequences(new int[][] {{7, 8}}, 0), 1, 0);
        assertThatThrownBy(() -> Sequences.padSequences(SEQ, 2, "int32", "middle", "pre", 0)).hasMessageContaining("padding")
                .hasMessageContaining("middle");
        assertThatThrownBy(() -> Sequences.padSequences(SEQ, 2, "int32", "pre", "both", 0)).hasMessageContaining("truncating");
    }
}
