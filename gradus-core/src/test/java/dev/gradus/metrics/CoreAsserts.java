package dev.gradus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;

/** Value assertions shared by the core metric tests. */
final class CoreAsserts {
    private CoreAsserts() {}

    static Tensor t(Object nested) {
        return Tensor.of(nested);
    }

    /** Elementwise {@code |actual - expected| <= 1e-5 + 1e-6 |expected|} and the same number of values. */
    static void close(Tensor actual, double... expected) {
        float[] a = actual.toFloatArray();
        assertThat(a.length).as("number of values in %s", actual).isEqualTo(expected.length);
        for (int i = 0; i < a.length; i++)
            assertThat((double) a[i]).as("value %d of %s", i, actual).isCloseTo(expected[i], within(1e-5 + 1e-6 * Math.abs(expected[i])));
    }

    /** Relative closeness for results that merging may round differently. */
    static void relClose(Tensor actual, Tensor expected, double rtol) {
        float[] a = actual.toFloatArray(), e = expected.toFloatArray();
        assertThat(actual.shape()).isEqualTo(expected.shape());
        for (int i = 0; i < a.length; i++) {
            if (Float.isNaN(e[i])) {
                assertThat(a[i]).as("value %d", i).isNaN();
                continue;
            }
            assertThat((double) a[i]).as("value %d of %s vs %s", i, actual, expected)
                    .isCloseTo(e[i], within(rtol * Math.max(1, Math.abs(e[i]))));
        }
    }
}
