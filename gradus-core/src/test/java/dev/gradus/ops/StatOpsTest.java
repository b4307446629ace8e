package dev.gradus.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.testing.GradCheck;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatOpsTest {

    /** Shapes with axis sets: none (all), single, negative, several. */
    static Stream<Arguments> reductions() {
        return Stream.of(Arguments.of(new int[] {5}, new int[] {}), Arguments.of(new int[] {5}, new int[] {-1}),
                Arguments.of(new int[] {3, 4}, new int[] {0}), Arguments.of(new int[] {3, 4}, new int[] {-1}),
                Arguments.of(new int[] {2, 3, 4}, new int[] {1}), Arguments.of(new int[] {2, 3, 4}, new int[] {0, -1}),
                Arguments.of(new int[] {2, 3, 4}, new int[] {}));
    }

    static Stream<Arguments> scans() {
        return Stream.of(Arguments.of(new int[] {5}, 0), Arguments.of(new int[] {3, 4}, -1), Arguments.of(new int[] {3, 4}, 0),
                Arguments.of(new int[] {2, 3, 4}, 1), Arguments.of(new int[] {2, 3, 4}, -3));
    }

    static Tensor random(int[] shape) {
        return GradCheck.awayFromZero(shape.length * 17L + shape[0], 0.3, shape);
    }

    static Tensor t(float... v) {
        return Tensor.of(v, v.length);
    }

    static void both(Function<Tensor, Tensor> f, Tensor x) {
        GradCheck.check1(f, x);
        GradCheck.checkSecondOrder(xs -> f.apply(xs[0]), x);
    }

    @ParameterizedTest
    @MethodSource("reductions")
    void reductionGradients(int[] shape, int[] axes) {
        Tensor x = random(shape);
        for (boolean keep : new boolean[] {false, true}) {
            both(v -> StatOps.prod(v, keep, axes), x);
            both(v -> StatOps.variance(v, keep, axes), x);
            both(v -> StatOps.std(v, keep, axes), x);
            both(v -> StatOps.norm(v, keep, axes), x);
        }
    }

    @ParameterizedTest
    @MethodSource("scans")
    void axisGradients(int[] shape, int axis) {
        Tensor x = random(shape);
        both(v -> StatOps.l2Normalize(v, axis), x);
        both(v -> StatOps.cumsum(v, axis), x);
        both(v -> StatOps.cumprod(v, axis), x);
    }

    @Test
    void prodForward() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertThat(StatOps.prod(x, false).item()).isEqualTo(24f);
        assertThat(StatOps.prod(x, false, 0).toFloatArray()).containsExactly(3, 8);
        assertThat(StatOps.prod(x, true, -1)).isEqualTo(Tensor.of(new float[] {2, 12}, 2, 1));
        assertThat(StatOps.prod(Tensor.zeros(0), false).item()).isEqualTo(1f);
    }

    @Test
    void prodGradientWithZeros() {
        assertThat(grad(v -> StatOps.prod(v, false), t(2, 0, 3)).toFloatArray()).containsExactly(0, 6, 0);
        assertThat(grad(v -> StatOps.prod(v, false), t(0, 0, 3)).toFloatArray()).containsExactly(0, 0, 0);
        // one zero, two zeros and none in the three slices; prod is multilinear, so differences are exact there
        Tensor x = Tensor.of(new float[] {2, 0, 3, 0, 0, 1.5f, -1, 2, 0.5f}, 3, 3);
        GradCheck.check1(v -> StatOps.prod(v, false, 1), x);
        GradCheck.check1(v -> StatOps.prod(v, true, 0), x);
        // second order is exact with at most one zero per slice
        GradCheck.checkSecondOrder(xs -> StatOps.prod(xs[0], false, 1), Tensor.of(new float[] {2, 0, 3, 1, -1, 1.5f}, 2, 3));
    }

    @Test
    void momentsAndNormsForward() {
        Tensor x = t(1, 2, 3, 4);
        assertThat(StatOps.variance(x, false).item()).isCloseTo(1.25f, within(1e-6f));
        assertThat(StatOps.std(x, false).item()).isCloseTo((float) Math.sqrt(1.25), within(1e-6f));
        Tensor m = Tensor.of(new float[] {1, 2, 3, 5, 7, 9}, 2, 3);
        assertThat(StatOps.variance(m, false, 1).toFloatArray()).containsExactly(new float[] {2f / 3, 8f / 3}, within(1e-6f));
        assertThat(StatOps.variance(m, true, 0)).isEqualTo(Tensor.of(new float[] {4, 6.25f, 9}, 1, 3));
        assertThat(StatOps.std(m, false, -2).toFloatArray()).containsExactly(new float[] {2, 2.5f, 3}, within(1e-6f));
        assertThat(StatOps.norm(t(3, 4), false).item()).isEqualTo(5f);
        assertThat(StatOps.norm(m, false).item()).isCloseTo((float) Math.sqrt(169), within(1e-5f));
        assertThat(StatOps.norm(m, true, 1)).isEqualTo(Tensor.of(new float[] {(float) Math.sqrt(14), (float) Math.sqrt(155)}, 2, 1));
        assertThat(StatOps.l2Normalize(t(3, 4), 0).toFloatArray()).containsExactly(new float[] {0.6f, 0.8f}, within(1e-7f));
        assertThat(StatOps.l2Normalize(Tensor.of(new float[] {0, 0, 0, 2}, 2, 2), -1).toFloatArray()).containsExactly(0, 0, 0, 1);
        // below the epsilon the norm is sqrt(epsilon)
        assertThat(StatOps.l2Normalize(t(0.01f, 0), 0, 1).toFloatArray()).containsExactly(0.01f, 0);
    }

    @Test
    void normGradientIsZeroAtTheZeroVector() {
        Tensor g = grad(v -> StatOps.norm(v, false, 1), Tensor.of(new float[] {0, 0, 3, 4}, 2, 2));
        assertThat(g.toFloatArray()).containsExactly(new float[] {0, 0, 0.6f, 0.8f}, within(1e-7f));
        // below epsilon the denominator is the constant sqrt(1e-12)
        assertThat(grad(v -> StatOps.l2Normalize(v, 0), t(0, 0)).toFloatArray()).containsExactly(new float[] {1e6f, 1e6f}, within(1f));
    }

    @Test
    void argmaxAndArgmin() {
        Tensor x = Tensor.of(new float[] {1, 3, 3, 0, 5, 0, -1, 5}, 2, 4);
        assertThat(StatOps.argmax(x, 1).toFloatArray()).containsExactly(1, 0);
        assertThat(StatOps.argmin(x, -1).toFloatArray()).containsExactly(3, 2);
        assertThat(StatOps.argmax(x, 0).toFloatArray()).containsExactly(1, 0, 0, 1);
        assertThat(StatOps.argmin(x, 0).toFloatArray()).containsExactly(0, 1, 1, 0);
        assertThat(StatOps.argmax(x)).isEqualTo(Tensor.scalar(4));
        assertThat(StatOps.argmin(x).item()).isEqualTo(6f);
        assertThat(StatOps.argmax(x, 1).shape()).isEqualTo(Shape.of(2));
        Tensor nan = t(1, Float.NaN, 7, Float.NaN);
        assertThat(StatOps.argmax(nan, 0).item()).isEqualTo(1f);
        assertThat(StatOps.argmin(nan, 0).item()).isEqualTo(1f);
        Tensor big = Tensor.randomNormal(Shape.of(40, 900, 3), 0, 1, 3);
        float[] idx = StatOps.argmax(big, 1).toFloatArray(), v = big.toFloatArray();
        for (int o = 0; o < 40; o++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 900; k++) assertThat(v[(o * 900 + k) * 3 + j]).isLessThanOrEqualTo(v[(o * 900 + (int) idx[o * 3 + j]) * 3 + j]);
    }

    @Test
    void argmaxHasNoGradient() {
        Tensor x = t(1, 2, 3);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = MathOps.add(StatOps.argmax(x, 0), ReduceOps.sum(StatOps.argmin(Tensor.of(new float[] {1, 0}, 2), 0), false));
            assertThat(tape.gradient(y, x)).isNull();
        }
    }

    @Test
    void cumulativeForward() {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(StatOps.cumsum(m, 1).toFloatArray()).containsExactly(1, 3, 6, 4, 9, 15);
        assertThat(StatOps.cumsum(m, -2).toFloatArray()).containsExactly(1, 2, 3, 5, 7, 9);
        assertThat(StatOps.cumprod(m, 1).toFloatArray()).containsExactly(1, 2, 6, 4, 20, 120);
        assertThat(StatOps.cumprod(m, 0).toFloatArray()).containsExactly(1, 2, 3, 4, 10, 18);
        assertThat(StatOps.cumsum(m)).isEqualTo(t(1, 3, 6, 10, 15, 21));
        assertThat(StatOps.cumprod(m)).isEqualTo(t(1, 2, 6, 24, 120, 720));
        assertThat(StatOps.cumsum(Tensor.zeros(2, 0), 1).shape()).isEqualTo(Shape.of(2, 0));
        // 1 + many small terms: a float running sum would lose them
        float[] ones = new float[1 << 20];
        java.util.Arrays.fill(ones, 1e-8f);
        ones[0] = 1;
        float[] c = StatOps.cumsum(Tensor.of(ones, ones.length), 0).toFloatArray();
        assertThat(c[c.length - 1]).isCloseTo(1 + (ones.length - 1) * 1e-8f, within(1e-6f));
    }

    @Test
    void cumsumGradientIsTheReverseCumsum() {
        assertThat(grad(v -> StatOps.cumsum(v, 0), t(5, -1, 2)).toFloatArray()).containsExactly(3, 2, 1);
    }

    @Test
    void cumprodGradientWithZeros() {
        // d/dx of sum(cumprod([2, 0, 3, 4])) = [1, 2 + 6 + 24, 0, 0]
        assertThat(grad(v -> StatOps.cumprod(v, 0), t(2, 0, 3, 4)).toFloatArray()).containsExactly(1, 32, 0, 0);
        Tensor x = Tensor.of(new float[] {2, 0, 3, 0, 1.5f, 0, -1, 2, 0.5f, 1, 0, 0.7f}, 3, 4);
        GradCheck.check1(v -> StatOps.cumprod(v, 1), x);
        GradCheck.check1(v -> StatOps.cumprod(v, 0), x);
        // second order is exact with at most one zero per line
        GradCheck.checkSecondOrder(xs -> StatOps.cumprod(xs[0], -1), Tensor.of(new float[] {2, 0, 3, -1, 1.5f, 0.5f, 0, 2}, 2, 4));
    }

    static Tensor grad(Function<Tensor, Tensor> f, Tensor x) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            return tape.gradient(ReduceOps.sum(f.apply(x), false), x);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor x = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> StatOps.argmax(x, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argmax").hasMessageContaining("axis 2").hasMessageContaining("(2, 3)");
        assertThatThrownBy(() -> StatOps.argmin(Tensor.zeros(2, 0), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argmin").hasMessageContaining("size 0").hasMessageContaining("(2, 0)");
        assertThatThrownBy(() -> StatOps.argmax(Tensor.zeros(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argmax");
        assertThatThrownBy(() -> StatOps.cumsum(x, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cumsum").hasMessageContaining("axis -3");
        assertThatThrownBy(() -> StatOps.cumprod(x, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cumprod").hasMessageContaining("axis 2");
        assertThatThrownBy(() -> StatOps.prod(x, false, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prod").hasMessageContaining("repeated");
        assertThatThrownBy(() -> StatOps.variance(x, false, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("variance").hasMessageContaining("got 2");
        assertThatThrownBy(() -> StatOps.std(x, false, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("std").hasMessageContaining("got -3");
        assertThatThrownBy(() -> StatOps.norm(null, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("norm: x must not be null");
        assertThatThrownBy(() -> StatOps.l2Normalize(x, 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("l2Normalize").hasMessageContaining("epsilon").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> StatOps.l2Normalize(x, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("l2Normalize").hasMessageContaining("axis 3");
    }
}
