package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.models.Model;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subtract, Average, Maximum, Minimum, Dot and the functional forms keras.layers.add(...) etc. (issue #19). */
class MergeLayersTest {
    static final Tensor A = Tensor.of(new float[] {1, 5, -2}, 1, 3);
    static final Tensor B = Tensor.of(new float[] {4, 2, -3}, 1, 3);
    static final Tensor C = Tensor.of(new float[] {1, 2, 8}, 1, 3);

    @Test
    void elementwiseMergeValues() {
        assertValues(new Subtract().apply(List.of(A, B)), new double[] {-3, 3, 1}, 1e-6);
        assertValues(new Average().apply(List.of(A, B, C)), new double[] {2, 3, 1}, 1e-6);
        assertValues(new Maximum().apply(List.of(A, B, C)), new double[] {4, 5, 8}, 1e-6);
        assertValues(new Minimum().apply(List.of(A, B, C)), new double[] {1, 2, -3}, 1e-6);
        // broadcasting where one side is 1, as the other merge layers
        assertValues(new Average().apply(List.of(A, Tensor.of(new float[] {1}, 1, 1))), new double[] {1, 3, -0.5}, 1e-6);
        assertThatThrownBy(() -> new Subtract().apply(List.of(A, B, C))).hasMessageContaining("exactly 2 inputs");
        assertThatThrownBy(() -> new Maximum().apply(List.of(A, Tensor.ones(1, 4)))).hasMessageContaining("incompatible shapes");
    }

    @Test
    void dotOfVectorsAndOfMatrices() {
        // vectors (batch, d): (batch, 1)
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), y = Tensor.of(new float[] {1, 0, 1, 2, 2, 2}, 2, 3);
        Tensor d = new Dot(1).apply(List.of(x, y));
        assertThat(d.shape().dims()).containsExactly(2, 1);
        assertValues(d, new double[] {4, 30}, 1e-5);
        assertValues(new Dot(-1).normalize(true).apply(List.of(x, y)),
                new double[] {4 / (Math.sqrt(14) * Math.sqrt(2)), 30 / (Math.sqrt(77) * Math.sqrt(12))}, 1e-5);
        // Keras's docstring case: (b, 3, 5) and (b, 10, 3) with axes (1, 2) give (b, 5, 10)
        Tensor p = Tensor.randomNormal(1, 2, 3, 5), q = Tensor.randomNormal(2, 2, 10, 3);
        Tensor out = new Dot(1, 2).apply(List.of(p, q));
        assertThat(out.shape().dims()).containsExactly(2, 5, 10);
        float[] pv = p.toFloatArray(), qv = q.toFloatArray(), ov = out.toFloatArray();
        for (int b = 0; b < 2; b++) for (int i = 0; i < 5; i++) for (int j = 0; j < 10; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++) s += pv[(b * 3 + k) * 5 + i] * qv[(b * 10 + j) * 3 + k];
            assertThat((double) ov[(b * 5 + i) * 10 + j]).isCloseTo(s, org.assertj.core.api.Assertions.within(1e-5));
        }
        assertThat(new Dot(2).applySymbolic(List.of(Input.of(4, 6), Input.of(7, 6))).shape()).containsExactly(-1, 4, 7);
        assertThatThrownBy(() -> new Dot(1).applySymbolic(List.of(Input.of(4), Input.of(5)))).hasMessageContaining("Incompatible input shapes");
        assertThatThrownBy(() -> new Dot(0).apply(List.of(x, y))).hasMessageContaining("batch axis");
    }

    @Test
    void gradientsByFiniteDifferences() {
        Tensor a = Tensor.randomNormal(3, 2, 3), b = Tensor.randomNormal(4, 2, 3), c = Tensor.randomNormal(5, 2, 3);
        GradCheck.check(xs -> new Subtract().apply(List.of(xs[0], xs[1])), a, b);
        GradCheck.check(xs -> new Average().apply(List.of(xs[0], xs[1], xs[2])), a, b, c);
        GradCheck.check(xs -> new Maximum().apply(List.of(xs[0], xs[1])), a, b);
        GradCheck.check(xs -> new Minimum().apply(List.of(xs[0], xs[1])), a, b);
        GradCheck.check(xs -> new Dot(1).normalize(true).apply(List.of(xs[0], xs[1])), a, b);
        GradCheck.check(xs -> new Dot(1, 2).apply(List.of(xs[0], xs[1])), Tensor.randomNormal(6, 2, 3, 2), Tensor.randomNormal(7, 2, 4, 3));
    }

    @Test
    void functionalFormsBuildModels() {
        KerasTensor x = Input.of(3), y = Input.of(3);
        Map<String, KerasTensor> outs = new java.util.LinkedHashMap<>();
        outs.put("concatenate", Layers.concatenate(List.of(x, y)));
        outs.put("concatenate axis", Layers.concatenate(List.of(x, y), 1));
        outs.put("add", Layers.add(List.of(x, y)));
        outs.put("subtract", Layers.subtract(List.of(x, y)));
        outs.put("multiply", Layers.multiply(List.of(x, y)));
        outs.put("average", Layers.average(List.of(x, y)));
        outs.put("maximum", Layers.maximum(List.of(x, y)));
        outs.put("minimum", Layers.minimum(List.of(x, y)));
        outs.put("dot", Layers.dot(List.of(x, y), 1));
        outs.put("cosine", Layers.dot(List.of(x, y), 1, true));
        outs.put("dot pair", Layers.dot(List.of(x, y), -1, -1, false));
        Model m = Model.of(List.of(x, y), List.copyOf(outs.values()));
        List<Tensor> got = m.predictAll(List.of(A, B), new dev.gradus.training.PredictOptions().verbose(0));
        assertValues(got.get(0), new double[] {1, 5, -2, 4, 2, -3}, 0);
        assertValues(got.get(1), new double[] {1, 5, -2, 4, 2, -3}, 0);
        assertValues(got.get(2), new double[] {5, 7, -5}, 1e-6);
        assertValues(got.get(3), new double[] {-3, 3, 1}, 1e-6);
        assertValues(got.get(4), new double[] {4, 10, 6}, 1e-6);
        assertValues(got.get(5), new double[] {2.5, 3.5, -2.5}, 1e-6);
        assertValues(got.get(6), new double[] {4, 5, -2}, 1e-6);
        assertValues(got.get(7), new double[] {1, 2, -3}, 1e-6);
        assertValues(got.get(8), new double[] {20}, 1e-5);
        assertValues(got.get(9), new double[] {20 / (Math.sqrt(30) * Math.sqrt(29))}, 1e-5);
        assertValues(got.get(10), new double[] {20}, 1e-5);
        assertThat(m.layers()).extracting(Layer::name).anyMatch(n -> n.startsWith("subtract")).anyMatch(n -> n.startsWith("dot"));
    }

    @Test
    void configsAreKerasAndRoundTrip() {
        assertThat(new Dot(1).getConfig()).containsEntry("axes", 1).containsEntry("normalize", false);
        assertThat(new Dot(1, 2).normalize(true).getConfig()).containsEntry("axes", List.of(1, 2)).containsEntry("normalize", true);
        assertThat(new Average().getConfig().keySet()).containsExactly("name", "trainable", "dtype");
        roundTrip(new Subtract());
        roundTrip(new Average().name("avg"));
        roundTrip(new Maximum());
        roundTrip(new Minimum());
        roundTrip(new Dot(-1).normalize(true));
        roundTrip(new Dot(1, 2));
        assertThatThrownBy(() -> Dot.fromConfig(new java.util.HashMap<>(Map.of("axes", List.of(1, 2, 3))))).hasMessageContaining("axes");
    }
}
