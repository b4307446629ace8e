package dev.gradus.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.Tensor;
import java.util.Map;

/** Helpers shared by the built-in layers' tests. */
final class LayerTesting {
    private LayerTesting() {}

    /** Serialises through the registry and back; the copy must equal the original (same class and config). */
    static Layer roundTrip(Layer layer) {
        Map<String, Object> serialized = Layers.serialize(layer);
        assertThat(serialized.get("class_name")).isEqualTo(layer.getClass().getSimpleName());
        Layer copy = Layers.get(serialized);
        assertThat(copy.configEquals(layer)).as(serialized.toString()).isTrue();
        assertThat(copy).isNotSameAs(layer).isNotEqualTo(layer); // layers compare by identity
        assertThat(copy.getConfig()).isEqualTo(layer.getConfig());
        return copy;
    }

    static void assertValues(Tensor got, double[] expected, double tol) {
        float[] g = got.toFloatArray();
        assertThat(g.length).as("size of " + got.shape()).isEqualTo(expected.length);
        for (int i = 0; i < g.length; i++)
            assertThat((double) g[i]).as("element " + i + " of " + got).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(tol));
    }

    static Tensor seq(double start, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (start + i);
        return Tensor.of(v, shape);
    }
}
