package dev.gradus.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.testing.GradCheck;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SoftmaxOpsTest {

    static Stream<Arguments> shapesAndAxes() {
        return Stream.of(Arguments.of(new int[] {5}, 0), Arguments.of(new int[] {5}, -1),
                Arguments.of(new int[] {3, 4}, 0), Arguments.of(new int[] {3, 4}, -1),
                Arguments.of(new int[] {2, 3, 4}, 1), Arguments.of(new int[] {2, 3, 4}, -3), Arguments.of(new int[] {2, 3, 4}, 2));
    }

    static Tensor random(int[] shape) {
        return Tensor.randomUniform(Shape.of(shape), -3, 3, shape.length * 31L + shape[0]);
    }

    /** Softmax along {@code axis} computed naively in double. */
    static double[] reference(Tensor x, int axis, boolean log) {
        int[] d = x.shape().dims();
        int a = axis < 0 ? axis + d.length : axis;
        int[] l = dev.gradus.tensor.Shape.lines(d, a, a);
        double[] v = x.toDoubleArray(), out = new double[v.length];
        for (int o = 0; o < l[0]; o++)
            for (int i = 0; i < l[2]; i++) {
                double m = Double.NEGATIVE_INFINITY, s = 0;
                for (int k = 0; k < l[1]; k++) m = Math.max(m, v[(o * l[1] + k) * l[2] + i]);
                for (int k = 0; k < l[1]; k++) s += Math.exp(v[(o * l[1] + k) * l[2] + i] - m);
                for (int k = 0; k < l[1]; k++) {
                    int j = (o * l[1] + k) * l[2] + i;
                    out[j] = log ? v[j] - m - Math.log(s) : Math.exp(v[j] - m) / s;
                }
            }
        return out;
    }

    static void assertClose(Tensor actual, double[] expected, double tol) {
        float[] a = actual.toFloatArray();
        assertThat(a).hasSize(expected.length);
        for (int i = 0; i < a.length; i++) assertThat((double) a[i]).as("element %d", i).isCloseTo(expected[i], within(tol));
    }

    @ParameterizedTest
    @MethodSource("shapesAndAxes")
    void forwardMatchesReference(int[] shape, int axis) {
        Tensor x = random(shape);
        assertClose(SoftmaxOps.softmax(x, axis), reference(x, axis, false), 1e-6);
        assertClose(SoftmaxOps.logSoftmax(x, axis), reference(x, axis, true), 1e-5);
    }

    @Test
    void closedForms() {
        double e = Math.E, s = 1 + e + e * e;
        assertClose(SoftmaxOps.softmax(Tensor.of(new float[] {0, 1, 2}, 3)), new double[] {1 / s, e / s, e * e / s}, 1e-7);
        assertClose(SoftmaxOps.logSoftmax(Tensor.of(new float[] {0, 1, 2}, 3)),
                new double[] {-Math.log(s), 1 - Math.log(s), 2 - Math.log(s)}, 1e-6);
        // along axis 0 each column is its own distribution
        Tensor m = Tensor.of(new float[] {0, 5, 0, 5}, 2, 2);
        assertClose(SoftmaxOps.softmax(m, 0), new double[] {0.5, 0.5, 0.5, 0.5}, 1e-7);
        assertClose(SoftmaxOps.logSumExp(m, false), new double[] {Math.log(2 + 2 * Math.exp(5))}, 1e-5);
        assertClose(SoftmaxOps.logSumExp(m, false, -1), new double[] {Math.log(1 + Math.exp(5)), Math.log(1 + Math.exp(5))}, 1e-5);
    }

    @Test
    void defaultAxisIsTheLast() {
        Tensor x = random(new int[] {2, 3, 4});
        assertThat(SoftmaxOps.softmax(x)).isEqualTo(SoftmaxOps.softmax(x, 2));
        assertThat(SoftmaxOps.logSoftmax(x)).isEqualTo(SoftmaxOps.logSoftmax(x, -1));
    }

    @Test
    void largeTensorsTakeTheParallelPathsAndAgree() {
        Tensor rows = Tensor.randomNormal(Shape.of(300, 257), 0, 4, 7);
        assertClose(SoftmaxOps.softmax(rows, -1), reference(rows, -1, false), 1e-6);
        assertClose(SoftmaxOps.logSoftmax(rows, -1), reference(rows, -1, true), 1e-4);
        Tensor strided = Tensor.randomNormal(Shape.of(16, 70, 33), 0, 4, 8);
        assertClose(SoftmaxOps.softmax(strided, 1), reference(strided, 1, false), 1e-6);
        assertClose(SoftmaxOps.logSoftmax(strided, 0), reference(strided, 0, true), 1e-4);
        Tensor lse = SoftmaxOps.logSumExp(strided, false, 1);
        Tensor viaLog = ReduceOps.sum(MathOps.exp(MathOps.sub(SoftmaxOps.logSoftmax(strided, 1), strided)), false, 1);
        // exp(logSoftmax - x) = exp(-lse) along the axis: sum = n * exp(-lse)
        float[] a = lse.toFloatArray(), b = viaLog.toFloatArray();
        for (int i = 0; i < a.length; i++) assertThat((double) b[i]).isCloseTo(70 * Math.exp(-a[i]), within(1e-3 * b[i]));
    }

    @Test
    void stableForHugeLogits() {
        Tensor x = Tensor.of(new float[] {1000, 0, -1000}, 3);
        assertClose(SoftmaxOps.softmax(x), new double[] {1, 0, 0}, 0);
        assertClose(SoftmaxOps.logSoftmax(x), new double[] {0, -1000, -2000}, 0);
        Tensor y = Tensor.of(new float[] {-1e4f, 1e4f}, 2);
        assertClose(SoftmaxOps.softmax(y), new double[] {0, 1}, 0);
        assertClose(SoftmaxOps.logSoftmax(y), new double[] {-2e4, 0}, 0);
        assertThat(SoftmaxOps.logSumExp(Tensor.of(new float[] {1000, 1000}, 2), false).item())
                .isCloseTo((float) (1000 + Math.log(2)), within(1e-4f));
        assertThat(SoftmaxOps.logSumExp(Tensor.of(new float[] {-1000, -1000}, 2), false).item())
                .isCloseTo((float) (-1000 + Math.log(2)), within(1e-4f));
    }

    @Test
    void logSumExpOfInfinitiesFollowsNumpy() {
        float ninf = Float.NEGATIVE_INFINITY;
        Tensor x = Tensor.of(new float[] {ninf, ninf, ninf, 0, Float.POSITIVE_INFINITY, 1}, 3, 2);
        assertThat(SoftmaxOps.logSumExp(x, false, 1).toFloatArray()).containsExactly(ninf, 0, Float.POSITIVE_INFINITY);
        assertThat(SoftmaxOps.logSumExp(Tensor.zeros(2, 0), false, 1).toFloatArray()).containsExactly(ninf, ninf);
        assertThat(SoftmaxOps.softmax(Tensor.of(new float[] {ninf, 0}, 2)).toFloatArray()).containsExactly(0, 1);
    }

    @Test
    void logSumExpShapesAndNonContiguousAxes() {
        Tensor x = random(new int[] {2, 3, 4});
        assertThat(SoftmaxOps.logSumExp(x, true, 0, 2).shape()).isEqualTo(Shape.of(1, 3, 1));
        assertThat(SoftmaxOps.logSumExp(x, false, 0, 2).shape()).isEqualTo(Shape.of(3));
        assertThat(SoftmaxOps.logSumExp(x, false).shape()).isEqualTo(Shape.scalar());
        assertThat(SoftmaxOps.logSumExp(Tensor.scalar(2.5), false).item()).isEqualTo(2.5f);
        double[] v = x.toDoubleArray();
        float[] got = SoftmaxOps.logSumExp(x, false, 0, -1).toFloatArray();
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int i = 0; i < 2; i++) for (int k = 0; k < 4; k++) s += Math.exp(v[(i * 3 + j) * 4 + k]);
            assertThat((double) got[j]).isCloseTo(Math.log(s), within(1e-5));
        }
        assertThat(SoftmaxOps.logSumExp(x, false, 1, 2)).isEqualTo(SoftmaxOps.logSumExp(x, false, -1, -2));
    }

    @ParameterizedTest
    @MethodSource("shapesAndAxes")
    void gradientsFirstAndSecondOrder(int[] shape, int axis) {
        Tensor x = random(shape);
        GradCheck.check(xs -> SoftmaxOps.softmax(xs[0], axis), x);
        GradCheck.check(xs -> SoftmaxOps.logSoftmax(xs[0], axis), x);
        GradCheck.check(xs -> SoftmaxOps.logSumExp(xs[0], false, axis), x);
        GradCheck.check(xs -> SoftmaxOps.logSumExp(xs[0], true, axis), x);
        GradCheck.checkSecondOrder(xs -> SoftmaxOps.softmax(xs[0], axis), x);
        GradCheck.checkSecondOrder(xs -> SoftmaxOps.logSoftmax(xs[0], axis), x);
        GradCheck.checkSecondOrder(xs -> SoftmaxOps.logSumExp(xs[0], true, axis), x);
    }

    @Test
    void logSumExpGradientOverSeveralAxes() {
        Tensor x = random(new int[] {2, 3, 4});
        GradCheck.check(xs -> SoftmaxOps.logSumExp(xs[0], false), x);
        GradCheck.check(xs -> SoftmaxOps.logSumExp(xs[0], true, 0, 2), x);
        GradCheck.checkSecondOrder(xs -> SoftmaxOps.logSumExp(xs[0], false, -1, 0), x);
    }

    @Test
    void gradientOfSoftmaxRowsSumsToZero() {
        Tensor x = random(new int[] {3, 4});
        try (var tape = new dev.gradus.autodiff.GradientTape()) {
            tape.watch(x);
            Tensor s = SoftmaxOps.softmax(x);
            Tensor g = tape.gradient(ReduceOps.sum(MathOps.mul(s, Tensor.randomNormal(1, 3, 4)), false), x);
            for (float v : ReduceOps.sum(g, false, 1).toFloatArray()) assertThat(v).isCloseTo(0f, within(1e-6f));
        }
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor x = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> SoftmaxOps.softmax(x, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("softmax").hasMessageContaining("axis 2").hasMessageContaining("(2, 3)")
                .hasMessageContaining("[-2, 2)");
        assertThatThrownBy(() -> SoftmaxOps.logSoftmax(x, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logSoftmax").hasMessageContaining("axis -3");
        assertThatThrownBy(() -> SoftmaxOps.softmax(Tensor.scalar(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("softmax").hasMessageContaining("shape ()");
        assertThatThrownBy(() -> SoftmaxOps.softmax(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("softmax: x must not be null");
        assertThatThrownBy(() -> SoftmaxOps.logSumExp(x, false, 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logSumExp").hasMessageContaining("repeated");
        assertThatThrownBy(() -> SoftmaxOps.logSumExp(x, false, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logSumExp").hasMessageContaining("got 5");
    }
}
