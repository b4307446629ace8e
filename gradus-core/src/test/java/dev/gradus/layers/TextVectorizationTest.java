package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TextVectorization against Keras's docstring examples (Keras 3.10) and hand-worked cases. */
class TextVectorizationTest {
    private static double[] d(double... v) {
        return v;
    }

    @Test
    void adaptAndVectorizeAsKerasDocuments() {
        TextVectorization layer = new TextVectorization().maxTokens(5000).outputMode("int").outputSequenceLength(4);
        layer.adapt(List.of("foo bar", "bar baz", "baz bada boom"));
        assertThat(layer.getVocabulary()).containsExactly("", "[UNK]", "baz", "bar", "foo", "boom", "bada");
        Tensor out = layer.call(List.of("foo qux bar", "qux baz"));
        assertThat(out.shape().dims()).containsExactly(2, 4);
        assertValues(out, d(4, 1, 3, 0, 1, 2, 0, 0), 0);
        TextVectorization given = new TextVectorization().maxTokens(5000).outputSequenceLength(4)
                .vocabulary(List.of("earth", "wind", "and", "fire"));
        assertThat(given.getVocabulary()).containsExactly("", "[UNK]", "earth", "wind", "and", "fire");
    }

    @Test
    void standardizesSplitsAndBuildsNgrams() {
        TextVectorization layer = new TextVectorization();
        // ASCII lower case (tf.strings.lower without an encoding), ASCII punctuation removed
        assertThat(layer.tokens("Hello, World!  It's  ÉTÉ\tnow.")).containsExactly("hello", "world", "its", "ÉtÉ", "now");
        assertThat(new TextVectorization().standardize("lower").tokens("A-b C")).containsExactly("a-b", "c");
        assertThat(new TextVectorization().standardize("strip_punctuation").tokens("A-b C")).containsExactly("Ab", "C");
        assertThat(new TextVectorization().standardize((String) null).split("character").tokens("Ab😀"))
                .containsExactly("A", "b", "😀");
        assertThat(new TextVectorization().split((String) null).tokens("a b")).containsExactly("a b");
        assertThat(new TextVectorization().ngrams(2).tokens("a b c")).containsExactly("a", "b", "c", "a b", "b c");
        assertThat(new TextVectorization().ngramWidths(3).tokens("a b")).isEmpty();
        assertThat(new TextVectorization().standardize(s -> s.replace("<br />", " ")).tokens("x<br />y")).containsExactly("x", "y");
        assertThat(new TextVectorization().standardize((String) null).split(s -> List.of(s.split(","))).tokens("a,b")).containsExactly("a", "b");
    }

    @Test
    void padsToTheLongestRowTruncatesAndEncodes() {
        TextVectorization layer = new TextVectorization().vocabulary(List.of("a", "b", "c"));
        assertValues(layer.call(List.of("a b c a", "b")), d(2, 3, 4, 2, 3, 0, 0, 0), 0);
        assertValues(new TextVectorization().vocabulary(List.of("a", "b", "c")).outputSequenceLength(2).call(List.of("c b a")),
                d(4, 3), 0);
        Tensor multi = new TextVectorization().vocabulary(List.of("a", "b", "c")).outputMode("multi_hot").call(List.of("a a z", "c"));
        // no padding index outside int mode: [UNK], a, b, c
        assertThat(multi.shape().dims()).containsExactly(2, 4);
        assertValues(multi, d(1, 1, 0, 0, 0, 0, 0, 1), 0);
        assertValues(new TextVectorization().vocabulary(List.of("a", "b", "c")).outputMode("count").call(List.of("a a z", "")),
                d(1, 2, 0, 0, 0, 0, 0, 0), 0);
        TextVectorization tfidf = new TextVectorization().outputMode("tf_idf").adapt(List.of("a a b", "b c c"));
        assertThat(tfidf.getVocabulary()).containsExactly("[UNK]", "c", "b", "a");
        double one = Math.log(1 + 2 / 2.0);
        assertValues(tfidf.call(List.of("a")), d(0, 0, 0, one), 1e-6);
    }

    @Test
    void configIsKerasAndRoundTrips() {
        Map<String, Object> c = new TextVectorization().name("tv").maxTokens(10).ngrams(2).getConfig();
        assertThat(c.keySet()).containsExactly("name", "trainable", "dtype", "max_tokens", "standardize", "split", "ngrams",
                "output_mode", "output_sequence_length", "pad_to_max_tokens", "sparse", "ragged", "vocabulary", "idf_weights",
                "encoding", "vocabulary_size");
        assertThat(c.get("vocabulary_size")).isEqualTo(2);
        roundTrip(new TextVectorization().maxTokens(10).ngramWidths(1, 3).outputSequenceLength(7).vocabulary(List.of("x", "y")));
        roundTrip(new TextVectorization().standardize((String) null).split("character").outputMode("multi_hot"));
        TextVectorization adapted = new TextVectorization().adapt(List.of("b a b"));
        TextVectorization back = (TextVectorization) roundTrip(adapted);
        assertThat(back.vocabularySize()).isEqualTo(4);
        Map<String, byte[]> assets = adapted.saveAssets();
        assertThat(new String(assets.get("vocabulary.txt"), StandardCharsets.UTF_8)).isEqualTo("\n[UNK]\nb\na");
        assertThat(assets.get("_lookup_layer/vocabulary.txt")).isEqualTo(assets.get("vocabulary.txt"));
        back.loadAssets(Map.of("vocabulary.txt", assets.get("vocabulary.txt")));
        assertValues(back.call(List.of("a b q")), d(3, 2, 1), 0);
    }

    @Test
    void refusesWhatItCannotDo() {
        assertThatThrownBy(() -> new TextVectorization().outputMode("count").outputSequenceLength(3).call(List.of("a")))
                .hasMessageContaining("output_sequence_length");
        assertThatThrownBy(() -> new TextVectorization().standardize("upper")).hasMessageContaining("standardize");
        assertThatThrownBy(() -> new TextVectorization().ragged(true)).hasMessageContaining("ragged");
        assertThatThrownBy(() -> new TextVectorization().standardize(String::trim).getConfig()).hasMessageContaining("lambda");
        assertThatThrownBy(() -> new TextVectorization().call(Tensor.of(new float[] {1}), false)).hasMessageContaining("call(List<String>)");
        assertThatThrownBy(() -> TextVectorization.fromConfig(Map.of("standardize", Map.of("class_name", "custom_standardization"))))
                .hasMessageContaining("runs no code");
    }
}
