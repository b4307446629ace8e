package dev.gradus.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;

/** Value assertions shared by the loss tests. */
final class LossAssert {
    private LossAssert() {}

    static Tensor t(Object nested) {
        return Tensor.of(nested);
    }

    static void assertValues(Tensor actual, double tol, double... expected) {
        float[] a = actual.toFloatArray();
        assertThat(a).as("values of shape %s", actual.shape()).hasSize(expected.length);
        for (int i = 0; i < a.length; i++) assertThat((double) a[i]).as("element %d", i).isCloseTo(expected[i], within(tol));
    }

    static void assertScalar(Tensor actual, double tol, double expected) {
        assertThat(actual.rank()).as("rank of %s", actual.shape()).isZero();
        assertThat((double) actual.item()).isCloseTo(expected, within(tol));
    }

    static void assertFinite(Tensor t) {
        for (float v : t.toFloatArray()) assertThat(Float.isFinite(v)).as("finite: %s", t).isTrue();
    }
}
