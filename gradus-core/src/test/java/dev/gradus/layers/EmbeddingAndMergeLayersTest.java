package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingAndMergeLayersTest {

    @Test
    void embeddingLooksUpRows() {
        Embedding e = new Embedding(3, 2);
        e.buildFor(-1, 2);
        e.setWeights(List.of(Tensor.of(new double[][] {{0, 1}, {10, 11}, {20, 21}})));
        Tensor y = e.apply(Tensor.of(new double[][] {{0, 2}, {1, 1}}));
        assertThat(y.shape().dims()).containsExactly(2, 2, 2);
        assertValues(y, new double[] {0, 1, 20, 21, 10, 11, 10, 11}, 0);
        assertThat(new Embedding(1000, 64).apply(Input.of(10)).shape()).containsExactly(-1, 10, 64);
        // the gradient reaches only the rows used, once per use
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = Ops.sum(e.apply(Tensor.of(new double[][] {{1, 1}, {2, 1}})));
            tape.close();
            assertValues(tape.gradient(loss, List.of(e.embeddings())).get(0), new double[] {0, 0, 3, 3, 1, 1}, 0);
        }
        Embedding fresh = new Embedding(10, 4);
        fresh.buildFor(1, 1);
        for (float v : fresh.embeddings().value().toFloatArray()) assertThat(v).isBetween(-0.05f, 0.05f);
    }

    @Test
    void embeddingConfigAndBadInput() {
        assertThat(new Embedding(10, 4).getConfig()).containsEntry("input_dim", 10).containsEntry("output_dim", 4)
                .containsEntry("mask_zero", false);
        assertThat(((Map<?, ?>) new Embedding(10, 4).getConfig().get("embeddings_initializer")).get("class_name")).isEqualTo("RandomUniform");
        roundTrip(new Embedding(10, 4).embeddingsRegularizer("l1").embeddingsConstraint("unit_norm"));
        assertThatThrownBy(() -> new Embedding(3, 2).apply(Tensor.of(new double[] {0, 3}))).hasMessageContaining("[0, 3), got 3.0");
        assertThatThrownBy(() -> new Embedding(3, 2).apply(Tensor.of(new double[] {0.5}))).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> new Embedding(0, 2)).hasMessageContaining("input_dim must be >= 1, got 0");
        Embedding masked = (Embedding) Layers.get(Map.of("class_name", "Embedding", "config", Map.of("input_dim", 3, "output_dim", 2,
                "mask_zero", true)));
        assertThat(masked.maskZero()).isTrue();
        assertThat(masked.getConfig()).containsEntry("mask_zero", true);
    }

    @Test
    void addAndMultiplyCombineElementwise() {
        Tensor a = Tensor.of(new double[][] {{1, 2}}), b = Tensor.of(new double[][] {{3, 4}}), c = Tensor.of(new double[][] {{5, 6}});
        assertValues(new Add().apply(List.of(a, b, c)), new double[] {9, 12}, 0);
        assertValues(new Multiply().apply(List.of(a, b, c)), new double[] {15, 48}, 0);
        // broadcasting where one side is 1
        assertValues(new Add().apply(List.of(Tensor.of(new double[][] {{1, 2}, {3, 4}}), Tensor.of(new double[][] {{10, 20}}))),
                new double[] {11, 22, 13, 24}, 0);
        assertThat(new Add().applySymbolic(List.of(Input.of(4), Input.of(4))).shape()).containsExactly(-1, 4);
        GradCheck.check(xs -> new Multiply().apply(List.of(xs[0], xs[1])), Tensor.randomNormal(1, 2, 3), Tensor.randomNormal(2, 2, 3));
        roundTrip(new Add());
        roundTrip(new Multiply().name("gate"));
        assertThat(new Add().getConfig().keySet()).containsExactly("name", "trainable", "dtype");
    }

    @Test
    void concatenateJoinsAlongAnAxis() {
        Tensor a = Tensor.of(new double[][] {{1, 2}}), b = Tensor.of(new double[][] {{3, 4, 5}});
        assertValues(new Concatenate().apply(List.of(a, b)), new double[] {1, 2, 3, 4, 5}, 0);
        assertThat(new Concatenate().axis(0).apply(List.of(a, a)).shape().dims()).containsExactly(2, 2);
        assertThat(new Concatenate().applySymbolic(List.of(Input.of(3), Input.of(5))).shape()).containsExactly(-1, 8);
        assertThat(new Concatenate().axis(1).applySymbolic(List.of(Input.of(2, 7), Input.of(3, 7))).shape()).containsExactly(-1, 5, 7);
        assertThat(new Concatenate().getConfig()).containsEntry("axis", -1);
        roundTrip(new Concatenate().axis(1));
        GradCheck.check(xs -> new Concatenate().apply(List.of(xs[0], xs[1])), Tensor.randomNormal(3, 2, 2), Tensor.randomNormal(4, 2, 3));
    }

    @Test
    void mergeBadInputFailsClearly() {
        Tensor a = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> new Add().apply(a)).hasMessageContaining("should be called on a list of inputs");
        assertThatThrownBy(() -> new Add().apply(List.of(a, Tensor.zeros(2, 4)))).hasMessageContaining("incompatible shapes: [(2, 3), (2, 4)]");
        assertThatThrownBy(() -> new Concatenate().apply(List.of(a, Tensor.zeros(3, 3)))).hasMessageContaining("matching shapes")
                .hasMessageContaining("[(2, 3), (3, 3)]");
        assertThatThrownBy(() -> new Concatenate().apply(List.of(a, Tensor.zeros(2, 3, 1)))).hasMessageContaining("matching shapes");
        assertThatThrownBy(() -> new Add().apply(List.of())).hasMessageContaining("at least one input");
    }
}
