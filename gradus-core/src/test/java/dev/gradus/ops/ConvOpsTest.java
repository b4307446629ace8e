package dev.gradus.ops;

import static dev.gradus.testing.GradCheck.check;
import static dev.gradus.testing.GradCheck.checkSecondOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.testing.GradCheck;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Convolution and pooling: forward against direct loops, gradients against finite differences, errors. */
class ConvOpsTest {

    /** One 2-d case: x {@code (n, h, w, c)}, kernel or pool {@code (kh, kw)}, out channels, strides, dilation, padding. */
    record Case(int n, int h, int w, int c, int kh, int kw, int o, int sh, int sw, int dh, int dw, String padding) {
        @Override public String toString() {
            return String.format("x(%d,%d,%d,%d) k(%d,%d)->%d s(%d,%d) d(%d,%d) %s", n, h, w, c, kh, kw, o, sh, sw, dh, dw, padding);
        }
    }

    static Stream<Case> convCases() {
        return Stream.of(
                new Case(2, 5, 4, 2, 3, 2, 3, 1, 1, 1, 1, "valid"),
                new Case(1, 5, 6, 3, 3, 3, 2, 1, 1, 1, 1, "same"),
                new Case(2, 6, 5, 2, 3, 2, 2, 2, 2, 1, 1, "same"),
                new Case(1, 7, 6, 2, 2, 3, 3, 2, 1, 1, 1, "valid"),
                new Case(1, 7, 7, 2, 3, 2, 2, 1, 1, 2, 2, "valid"),
                new Case(2, 6, 5, 1, 2, 2, 2, 1, 1, 2, 1, "SAME"),
                new Case(1, 8, 7, 2, 2, 2, 2, 2, 3, 2, 2, "same"),
                new Case(1, 4, 4, 3, 1, 1, 2, 1, 1, 1, 1, "valid"));
    }

    static Stream<Case> poolCases() {
        return Stream.of(
                new Case(2, 4, 4, 2, 2, 2, 0, 2, 2, 1, 1, "valid"),
                new Case(1, 5, 5, 3, 3, 3, 0, 2, 2, 1, 1, "same"),
                new Case(2, 5, 4, 2, 2, 3, 0, 1, 1, 1, 1, "same"),
                new Case(1, 6, 5, 2, 3, 2, 0, 2, 1, 1, 1, "valid"),
                new Case(1, 7, 7, 1, 2, 2, 0, 3, 3, 1, 1, "same"));
    }

    static final GradCheck SECOND_ORDER = GradCheck.create().eps(0.05);

    static Tensor uniform(long seed, int... shape) {
        return Tensor.randomUniform(Shape.of(shape), -1, 1, seed);
    }

    static Tensor x(Case t, long seed) {
        return uniform(seed, t.n, t.h, t.w, t.c);
    }

    static Tensor kernel(Case t, long seed) {
        return uniform(seed, t.kh, t.kw, t.c, t.o);
    }

    static Tensor conv(Case t, Tensor x, Tensor k) {
        return ConvOps.conv2d(x, k, new int[] {t.sh, t.sw}, t.padding, new int[] {t.dh, t.dw});
    }

    /** Distinct values at least 0.01 apart, so no max-pool window ties within a finite-difference step. */
    static Tensor distinct(long seed, int... shape) {
        Tensor base = Tensor.zeros(shape);
        int size = base.size();
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) order.add(i);
        java.util.Collections.shuffle(order, new Random(seed));
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (order.get(i) - size / 2f) * 0.01f;
        return Tensor.of(v, shape);
    }

    // ------------------------------------------------------------------ naive references

    /** {out, padBefore} along one axis, written out from the TF rule. */
    static int[] outAndPad(int in, int k, int s, int d, String padding) {
        int span = (k - 1) * d + 1;
        if (padding.equalsIgnoreCase("valid")) return new int[] {(in - span) / s + 1, 0};
        int out = (int) Math.ceil(in / (double) s);
        return new int[] {out, Math.max((out - 1) * s + span - in, 0) / 2};
    }

    static double[][][][] naiveConv(Case t, float[][][][] x, float[][][][] k) {
        int[] hh = outAndPad(t.h, t.kh, t.sh, t.dh, t.padding), ww = outAndPad(t.w, t.kw, t.sw, t.dw, t.padding);
        double[][][][] y = new double[t.n][hh[0]][ww[0]][t.o];
        for (int b = 0; b < t.n; b++) for (int oy = 0; oy < hh[0]; oy++) for (int ox = 0; ox < ww[0]; ox++)
            for (int co = 0; co < t.o; co++) {
                double s = 0;
                for (int ky = 0; ky < t.kh; ky++) for (int kx = 0; kx < t.kw; kx++) {
                    int iy = oy * t.sh - hh[1] + ky * t.dh, ix = ox * t.sw - ww[1] + kx * t.dw;
                    if (iy < 0 || iy >= t.h || ix < 0 || ix >= t.w) continue;
                    for (int ci = 0; ci < t.c; ci++) s += (double) x[b][iy][ix][ci] * k[ky][kx][ci][co];
                }
                y[b][oy][ox][co] = s;
            }
        return y;
    }

    static double[][][][] naivePool(Case t, float[][][][] x, boolean max) {
        int[] hh = outAndPad(t.h, t.kh, t.sh, 1, t.padding), ww = outAndPad(t.w, t.kw, t.sw, 1, t.padding);
        double[][][][] y = new double[t.n][hh[0]][ww[0]][t.c];
        for (int b = 0; b < t.n; b++) for (int oy = 0; oy < hh[0]; oy++) for (int ox = 0; ox < ww[0]; ox++)
            for (int ch = 0; ch < t.c; ch++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                int count = 0;
                for (int ky = 0; ky < t.kh; ky++) for (int kx = 0; kx < t.kw; kx++) {
                    int iy = oy * t.sh - hh[1] + ky, ix = ox * t.sw - ww[1] + kx;
                    if (iy < 0 || iy >= t.h || ix < 0 || ix >= t.w) continue;
                    acc = max ? Math.max(acc, x[b][iy][ix][ch]) : acc + x[b][iy][ix][ch];
                    count++;
                }
                y[b][oy][ox][ch] = max ? acc : acc / count;
            }
        return y;
    }

    static float[][][][] array4(Tensor t) {
        int[] d = t.shape().dims();
        float[][][][] a = new float[d[0]][d[1]][d[2]][d[3]];
        for (int i = 0; i < d[0]; i++) for (int j = 0; j < d[1]; j++) for (int k = 0; k < d[2]; k++)
            for (int l = 0; l < d[3]; l++) a[i][j][k][l] = t.get(i, j, k, l);
        return a;
    }

    static void assertMatches(Tensor actual, double[][][][] expected) {
        assertThat(actual.shape().dims()).containsExactly(expected.length, expected[0].length, expected[0][0].length,
                expected[0][0][0].length);
        for (int i = 0; i < expected.length; i++) for (int j = 0; j < expected[0].length; j++)
            for (int k = 0; k < expected[0][0].length; k++) for (int l = 0; l < expected[0][0][0].length; l++)
                assertThat((double) actual.get(i, j, k, l)).isCloseTo(expected[i][j][k][l], within(1e-5));
    }

    // ------------------------------------------------------------------ forward

    @ParameterizedTest(name = "{0}")
    @MethodSource("convCases")
    void conv2dMatchesDirectLoops(Case t) {
        Tensor x = x(t, 1), k = kernel(t, 2);
        assertMatches(conv(t, x, k), naiveConv(t, array4(x), array4(k)));
    }

    @Test
    void conv2dOnALargeBatchMatchesDirectLoops() {
        // enough images and work for the per-thread grouping, and more than one patches slice per group
        Case t = new Case(40, 20, 20, 8, 3, 3, 16, 1, 1, 1, 1, "same");
        Tensor x = x(t, 3), k = kernel(t, 4);
        assertMatches(conv(t, x, k), naiveConv(t, array4(x), array4(k)));
    }

    @Test
    void largeBatchGradientsEqualPerImageGradients() {
        // the batch is split into per-thread groups whose kernel gradients are summed; one image at a time is not
        Case t = new Case(24, 20, 20, 16, 3, 3, 8, 2, 1, 1, 2, "same");
        Tensor x = x(t, 61), k = kernel(t, 62);
        List<Tensor> whole = gradients(t, x, k);
        float[] dk = new float[k.size()];
        for (int b = 0; b < t.n; b++) {
            Tensor xb = Tensor.of(java.util.Arrays.copyOfRange(x.toFloatArray(), b * 6400, (b + 1) * 6400), 1, 20, 20, 16);
            List<Tensor> one = gradients(t, xb, k);
            float[] dxb = java.util.Arrays.copyOfRange(whole.get(0).toFloatArray(), b * 6400, (b + 1) * 6400);
            assertThat(dxb).containsExactly(one.get(0).toFloatArray(), within(1e-5f));
            float[] dkb = one.get(1).toFloatArray();
            for (int i = 0; i < dk.length; i++) dk[i] += dkb[i];
        }
        // 24 images of float sums in another order: allow float rounding relative to the largest entry
        float scale = 0;
        for (float v : dk) scale = Math.max(scale, Math.abs(v));
        assertThat(whole.get(1).toFloatArray()).containsExactly(dk, within(1e-5f * scale));
    }

    /** Stride-1 shapes that the direct vector kernels take (output channels, and for the input gradient input channels, in whole 2-vector blocks). */
    static Stream<Case> directCases() {
        return Stream.of(
                new Case(3, 7, 6, 32, 3, 3, 32, 1, 1, 1, 1, "valid"),
                new Case(2, 6, 5, 1, 3, 2, 64, 1, 1, 1, 1, "same"),   // one input channel, as a first layer
                new Case(2, 5, 7, 32, 2, 3, 64, 1, 1, 1, 1, "same"),  // through the zero-padded copies
                new Case(5, 4, 4, 32, 3, 3, 32, 1, 1, 1, 1, "valid"), // 4 pixels per image: tiles cross images
                new Case(1, 1, 9, 64, 1, 4, 32, 1, 1, 1, 1, "same"),  // a conv1d's shape
                // 96 channels: a wide 4-vector block and a 2-vector block where vectors are 16 lanes; the
                // kernel gradient's image chunks hold 2 of these images, so the last chunk is partial
                new Case(3, 20, 20, 32, 3, 3, 96, 1, 1, 1, 1, "valid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directCases")
    void directKernelsMatchDirectLoopsAndTheScalarPath(Case t) {
        Tensor x = x(t, 81), k = kernel(t, 82);
        assertCloseRelativeToLargest(conv(t, x, k).toFloatArray(), naiveConv(t, array4(x), array4(k)));
        List<Tensor> vector = gradients(t, x, k), scalar = onScalarPath(() -> gradients(t, x, k));
        for (int i = 0; i < 2; i++) {
            float[] expected = scalar.get(i).toFloatArray();
            float scale = 0;
            for (float v : expected) scale = Math.max(scale, Math.abs(v));
            assertThat(vector.get(i).toFloatArray()).as(i == 0 ? "input gradient" : "kernel gradient")
                    .containsExactly(expected, within(2e-6f * scale));
        }
    }

    @Test
    void fewerImagesThanThreadsSplitTheOutputPixelsWithTheSameBits() {
        // batch-1 inference: the team splits the 400 output pixels (67 six-pixel tiles, the last partial) of a
        // direct convolution; every pixel is computed as on one thread
        Case t = new Case(1, 20, 20, 32, 3, 3, 96, 1, 1, 1, 1, "same");
        Tensor x = x(t, 71), k = kernel(t, 72);
        int before = dev.gradus.tensor.kernels.Parallel.threads();
        float[][] out = new float[4][];
        try {
            for (int threads = 1; threads <= 3; threads++) {
                dev.gradus.tensor.kernels.Parallel.setThreads(threads);
                out[threads] = conv(t, x, k).toFloatArray();
            }
        } finally {
            dev.gradus.tensor.kernels.Parallel.setThreads(before);
        }
        assertThat(out[2]).containsExactly(out[1]);
        assertThat(out[3]).containsExactly(out[1]);
        assertCloseRelativeToLargest(out[2], naiveConv(t, array4(x), array4(k)));
    }

    /** y against the direct loops, element for element, within 2e-6 of the loops' largest magnitude. */
    static void assertCloseRelativeToLargest(float[] y, double[][][][] naive) {
        double[] loops = java.util.Arrays.stream(naive).flatMap(java.util.Arrays::stream)
                .flatMap(java.util.Arrays::stream).flatMapToDouble(java.util.Arrays::stream).toArray();
        double largest = java.util.Arrays.stream(loops).map(Math::abs).max().orElse(0);
        assertThat(y).hasSize(loops.length);
        for (int i = 0; i < y.length; i++) assertThat((double) y[i]).isCloseTo(loops[i], within(2e-6 * largest));
    }

    /** The fused conv + bias (+ ReLU) against conv2d then biasAdd: same values and gradients, bit for bit. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fusedCases")
    void convWithBiasAndReluMatchesConvThenBiasAdd(Case t, boolean relu) {
        Tensor x = x(t, 91), k = kernel(t, 92), b = uniform(93, t.o);
        int[] strides = {t.sh, t.sw}, dilation = {t.dh, t.dw};
        List<Tensor> fused = biasGradients(x, k, b, xs -> ConvOps.conv2d(xs[0], xs[1], strides, t.padding, dilation, xs[2], relu));
        List<Tensor> apart = biasGradients(x, k, b, xs -> MathOps.biasAdd(conv(t, xs[0], xs[1]), xs[2], relu));
        for (int i = 0; i < 4; i++) assertThat(fused.get(i).toFloatArray()).as("output, dx, dk, db".split(", ")[i])
                .containsExactly(apart.get(i).toFloatArray());
        if (relu) assertThat(fused.get(0).toFloatArray()).contains(0f); // the ReLU did cut some outputs
        Tensor small = uniform(94, 1, 4, 4, 2), smallK = uniform(95, 2, 2, 2, 2), smallB = uniform(96, 2);
        checkSecondOrder(xs -> MathOps.square(ConvOps.conv2d(xs[0], xs[1], new int[] {1, 1}, "valid",
                new int[] {1, 1}, xs[2], false)), small, smallK, smallB);
    }

    static Stream<Arguments> fusedCases() {
        return Stream.of(
                Arguments.of(new Case(3, 7, 6, 32, 3, 3, 32, 1, 1, 1, 1, "valid"), true),  // direct, 2-vector tiles
                Arguments.of(new Case(3, 20, 20, 32, 3, 3, 96, 1, 1, 1, 1, "same"), true), // direct, wide + narrow, padded
                Arguments.of(new Case(2, 9, 8, 3, 3, 3, 5, 2, 2, 1, 1, "same"), true),     // im2col + GEMM
                Arguments.of(new Case(3, 7, 6, 32, 3, 3, 64, 1, 1, 1, 1, "valid"), false));
    }

    /** [y, dx, dk, db] of sum(y * y) for y = f(x, k, b). */
    static List<Tensor> biasGradients(Tensor x, Tensor k, Tensor b, java.util.function.Function<Tensor[], Tensor> f) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(k);
            tape.watch(b);
            Tensor y = f.apply(new Tensor[] {x, k, b});
            List<Tensor> g = tape.gradient(Ops.sum(MathOps.mul(y, y)), List.of(x, k, b));
            return List.of(y, g.get(0), g.get(1), g.get(2));
        }
    }

    @Test
    void convWithBiasRejectsABiasOfTheWrongShape() {
        assertThatThrownBy(() -> ConvOps.conv2d(uniform(1, 1, 4, 4, 2), uniform(2, 3, 3, 2, 4), new int[] {1, 1}, "valid",
                new int[] {1, 1}, uniform(3, 3), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: bias must have shape (4,) to match the kernel's output channels, got (3,)");
    }

    static List<Tensor> gradients(Case t, Tensor x, Tensor k) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(k);
            Tensor y = conv(t, x, k);
            return tape.gradient(Ops.sum(MathOps.mul(y, y)), List.of(x, k));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolCases")
    void poolingMatchesDirectLoops(Case t) {
        Tensor x = x(t, 5);
        int[] pool = {t.kh, t.kw}, strides = {t.sh, t.sw};
        assertMatches(ConvOps.maxPool2d(x, pool, strides, t.padding), naivePool(t, array4(x), true));
        assertMatches(ConvOps.avgPool2d(x, pool, strides, t.padding), naivePool(t, array4(x), false));
    }

    @Test
    void maxPoolVectorLoopMatchesTheScalarLoopOnTiesNaNsAndChannelTails() {
        // 37 channels: whole vectors plus a scalar tail at any lane count; values from a small set so
        // windows hold ties (the first maximum must win), and a few NaNs (never chosen over a number
        // unless first in the window)
        Case t = new Case(3, 7, 6, 37, 2, 3, 0, 2, 2, 1, 1, "same");
        Random random = new Random(71);
        float[] values = new float[t.n * t.h * t.w * t.c];
        for (int i = 0; i < values.length; i++) values[i] = random.nextInt(20) == 0 ? Float.NaN : random.nextInt(4);
        Tensor x = Tensor.of(values, t.n, t.h, t.w, t.c);
        float[][] vector = maxPoolAndGradient(x), scalar = onScalarPath(() -> maxPoolAndGradient(x));
        assertThat(vector[0]).containsExactly(scalar[0]);
        assertThat(vector[1]).containsExactly(scalar[1]);
        float[] counted = vector[1].clone(); // every output routes its gradient of 1 to exactly one input
        double total = 0;
        for (float v : counted) total += v;
        assertThat(total).isEqualTo(vector[0].length);
    }

    /** {@code body} with the Vector API switched off, so its kernels take their scalar loops. */
    static <T> T onScalarPath(java.util.function.Supplier<T> body) {
        boolean was = dev.gradus.tensor.kernels.VectorSupport.enabled();
        try {
            dev.gradus.tensor.kernels.VectorSupport.setEnabled(false);
            return body.get();
        } finally {
            dev.gradus.tensor.kernels.VectorSupport.setEnabled(was);
        }
    }

    private static float[][] maxPoolAndGradient(Tensor x) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = ConvOps.maxPool2d(x, new int[] {2, 3}, new int[] {2, 2}, "same");
            float[] dx = tape.gradient(Ops.sum(y), List.of(x)).get(0).toFloatArray();
            return new float[][] {y.toFloatArray(), dx};
        }
    }

    @Test
    void handComputedConv2d() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        Tensor y = ConvOps.conv2d(x, Tensor.ones(2, 2, 1, 1));
        assertThat(y.shape().dims()).containsExactly(1, 2, 2, 1);
        assertThat(y.toFloatArray()).containsExactly(12, 16, 24, 28);
        // "same", stride 2 on 3x3 with a 2x2 kernel: out 2, padding 0 before and 1 after
        assertThat(ConvOps.conv2d(x, Tensor.ones(2, 2, 1, 1), 2, "same").toFloatArray()).containsExactly(12, 9, 15, 9);
    }

    @Test
    void handComputedConv1dSameAndDilation() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4, 1);
        // same: padding 1 before, 1 after; y[i] = x[i-1] - x[i+1]
        Tensor y = ConvOps.conv1d(x, Tensor.of(new float[] {1, 0, -1}, 3, 1, 1), 1, "same", 1);
        assertThat(y.shape().dims()).containsExactly(1, 4, 1);
        assertThat(y.toFloatArray()).containsExactly(-2, -2, -2, 3);
        // valid, dilation 2: taps at i and i + 2
        assertThat(ConvOps.conv1d(x, Tensor.of(new float[] {1, 10}, 2, 1, 1), 1, "valid", 2).toFloatArray())
                .containsExactly(31, 42);
    }

    @Test
    void conv1dMatchesConv2dWithHeightOne() {
        Tensor x = uniform(7, 2, 9, 3), k = uniform(8, 3, 3, 4);
        Tensor y = ConvOps.conv1d(x, k, 2, "same", 2);
        Case t = new Case(2, 1, 9, 3, 1, 3, 4, 1, 2, 1, 2, "same");
        Tensor ref = conv(t, ShapeOps.reshape(x, 2, 1, 9, 3), ShapeOps.reshape(k, 1, 3, 3, 4));
        assertThat(y.shape().dims()).containsExactly(2, 5, 4);
        assertThat(y.toFloatArray()).containsExactly(ref.toFloatArray());
    }

    @Test
    void handComputedPooling() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        assertThat(ConvOps.maxPool2d(x, new int[] {2, 2}, new int[] {1, 1}, "same").toFloatArray())
                .containsExactly(5, 6, 6, 8, 9, 9, 8, 9, 9);
        // strides null = pool size; the padded part of a window is not counted in the mean
        assertThat(ConvOps.avgPool2d(x, new int[] {2, 2}, null, "same").toFloatArray()).containsExactly(3, 4.5f, 7.5f, 9);
        assertThat(ConvOps.maxPool2d(x, new int[] {2, 2}, null, "valid").toFloatArray()).containsExactly(5);
    }

    @Test
    void maxPoolTiesSendTheGradientToTheFirstMaximum() {
        Tensor x = Tensor.of(new float[] {1, 3, 3, 2}, 1, 2, 2, 1);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = ConvOps.maxPool2d(x, new int[] {2, 2}, null, "valid");
            assertThat(tape.gradient(y, List.of(x)).get(0).toFloatArray()).containsExactly(0, 1, 0, 0);
        }
    }

    // ------------------------------------------------------------------ gradients

    @ParameterizedTest(name = "{0}")
    @MethodSource("convCases")
    void conv2dGradients(Case t) {
        check(xs -> conv(t, xs[0], xs[1]), x(t, 11), kernel(t, 12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convCases")
    void conv2dSecondOrder(Case t) {
        // squared so that the outer gradient depends on the inputs and reaches every backward op's rules;
        // the differentiated gradient is a polynomial of degree 2 per input, so a large step is exact and rounds less
        SECOND_ORDER.verifySecondOrder(xs -> MathOps.square(conv(t, xs[0], xs[1])), x(t, 13), kernel(t, 14));
    }

    static Stream<Arguments> conv1dCases() {
        return Stream.of(Arguments.of(new int[] {2, 7, 2}, new int[] {3, 2, 3}, 1, "valid", 1),
                Arguments.of(new int[] {1, 8, 3}, new int[] {2, 3, 2}, 2, "same", 1),
                Arguments.of(new int[] {2, 9, 2}, new int[] {3, 2, 2}, 1, "same", 2),
                Arguments.of(new int[] {1, 10, 1}, new int[] {3, 1, 2}, 2, "valid", 2));
    }

    @ParameterizedTest
    @MethodSource("conv1dCases")
    void conv1dGradients(int[] xs, int[] ks, int stride, String padding, int dilation) {
        Tensor x = uniform(21, xs), k = uniform(22, ks);
        check(in -> ConvOps.conv1d(in[0], in[1], stride, padding, dilation), x, k);
        SECOND_ORDER.verifySecondOrder(in -> MathOps.square(ConvOps.conv1d(in[0], in[1], stride, padding, dilation)), x, k);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolCases")
    void maxPoolGradients(Case t) {
        int[] pool = {t.kh, t.kw}, strides = {t.sh, t.sw};
        Tensor x = distinct(31, t.n, t.h, t.w, t.c);
        check(xs -> ConvOps.maxPool2d(xs[0], pool, strides, t.padding), x);
        // second order goes through the scatter's gradient, a gather
        checkSecondOrder(xs -> MathOps.square(ConvOps.maxPool2d(xs[0], pool, strides, t.padding)), x);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolCases")
    void avgPoolGradients(Case t) {
        int[] pool = {t.kh, t.kw}, strides = {t.sh, t.sw};
        Tensor x = x(t, 41);
        check(xs -> ConvOps.avgPool2d(xs[0], pool, strides, t.padding), x);
        checkSecondOrder(xs -> MathOps.square(ConvOps.avgPool2d(xs[0], pool, strides, t.padding)), x);
    }

    @Test
    void thirdOrderThroughMaxPoolAndConvBackwardOps() {
        // gradient of a second-order quantity: exercises the gather's own rule and conv backward's backward
        Tensor x = distinct(51, 1, 4, 4, 2), k = uniform(52, 2, 2, 2, 2);
        check(xs -> {
            try (GradientTape tape = new GradientTape()) {
                tape.watch(xs[0]);
                Tensor y = ConvOps.maxPool2d(MathOps.square(xs[0]), new int[] {2, 2}, null, "valid");
                Tensor z = ConvOps.conv2d(xs[0], xs[1], 1, "same");
                Tensor loss = MathOps.add(Ops.sum(MathOps.square(y)), Ops.sum(MathOps.square(z)));
                return tape.gradient(loss, List.of(xs[0])).get(0);
            }
        }, x, k);
    }

    // ------------------------------------------------------------------ errors

    @Test
    void rejectsWrongRanks() {
        assertThatThrownBy(() -> ConvOps.conv2d(Tensor.zeros(2, 3), Tensor.zeros(3, 3, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: x must have rank 4 (batch, height, width, channels), got shape (2, 3)");
        assertThatThrownBy(() -> ConvOps.conv2d(Tensor.zeros(1, 5, 5, 1), Tensor.zeros(3, 3, 1)))
                .hasMessage("conv2d: kernel must have rank 4 (height, width, in_channels, out_channels), got shape (3, 3, 1)");
        assertThatThrownBy(() -> ConvOps.conv1d(Tensor.zeros(1, 5, 5, 1), Tensor.zeros(3, 1, 1), 1, "valid", 1))
                .hasMessage("conv1d: x must have rank 3 (batch, width, channels), got shape (1, 5, 5, 1)");
        assertThatThrownBy(() -> ConvOps.maxPool2d(Tensor.zeros(5, 5), new int[] {2, 2}, null, "valid"))
                .hasMessage("maxPool2d: x must have rank 4 (batch, height, width, channels), got shape (5, 5)");
        assertThatThrownBy(() -> ConvOps.conv2d(null, Tensor.zeros(3, 3, 1, 1)))
                .hasMessage("conv2d: x must not be null");
    }

    @Test
    void rejectsChannelMismatch() {
        assertThatThrownBy(() -> ConvOps.conv2d(Tensor.zeros(1, 5, 5, 3), Tensor.zeros(3, 3, 2, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: kernel's input channels must equal x's channels: x has shape (1, 5, 5, 3) "
                        + "(3 channels), kernel has shape (3, 3, 2, 4) (2 input channels)");
    }

    @Test
    void rejectsBadPadding() {
        assertThatThrownBy(() -> ConvOps.conv2d(Tensor.zeros(1, 5, 5, 1), Tensor.zeros(3, 3, 1, 1), 1, "full"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: padding must be \"valid\" or \"same\", got \"full\"");
        assertThatThrownBy(() -> ConvOps.avgPool2d(Tensor.zeros(1, 5, 5, 1), new int[] {2, 2}, null, null))
                .hasMessage("avgPool2d: padding must be \"valid\" or \"same\", got null");
    }

    @Test
    void rejectsNonPositiveStridesDilationAndPoolSize() {
        Tensor x = Tensor.zeros(1, 5, 5, 1), k = Tensor.zeros(3, 3, 1, 1);
        assertThatThrownBy(() -> ConvOps.conv2d(x, k, 0, "valid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: strides must be positive, got (0, 0)");
        assertThatThrownBy(() -> ConvOps.conv2d(x, k, new int[] {1, 1}, "valid", new int[] {1, -1}))
                .hasMessage("conv2d: dilation must be positive, got (1, -1)");
        assertThatThrownBy(() -> ConvOps.conv2d(x, k, new int[] {1}, "valid", new int[] {1, 1}))
                .hasMessage("conv2d: strides must have 2 values, got (1,)");
        assertThatThrownBy(() -> ConvOps.conv1d(Tensor.zeros(1, 5, 1), Tensor.zeros(3, 1, 1), -2, "valid", 1))
                .hasMessage("conv1d: strides must be positive, got (-2,)");
        assertThatThrownBy(() -> ConvOps.maxPool2d(x, new int[] {2, 0}, null, "valid"))
                .hasMessage("maxPool2d: poolSize must be positive, got (2, 0)");
        assertThatThrownBy(() -> ConvOps.avgPool2d(x, new int[] {2, 2}, new int[] {0, 1}, "valid"))
                .hasMessage("avgPool2d: strides must be positive, got (0, 1)");
    }

    @Test
    void rejectsAWindowLargerThanAValidInput() {
        assertThatThrownBy(() -> ConvOps.conv2d(Tensor.zeros(1, 5, 2, 1), Tensor.zeros(3, 3, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: with \"valid\" padding the window (3 after dilation) must fit in the input width (2)");
    }
}
