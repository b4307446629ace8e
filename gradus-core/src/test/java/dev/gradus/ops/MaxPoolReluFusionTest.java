package dev.gradus.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A max pool after {@code relu(conv + bias)} (or {@code biasAdd(x, bias, relu)}) takes the gradients of both ops in
 * one pass where its windows do not overlap. Against the two rules one after the other (the tape runs them apart
 * when the ReLU's output is itself a source): the same bits for the input and kernel gradients, the bias gradient
 * to rounding (it is summed over the pooled elements); and the fused pass never reads the ReLU's output.
 */
class MaxPoolReluFusionTest {
    /** x (n, h, w, c), pool (ph, pw), strides (sh, sw), padding. */
    record Case(int n, int h, int w, int c, int ph, int pw, int sh, int sw, String padding) {
        @Override
        public String toString() {
            return String.format("x(%d,%d,%d,%d) pool(%d,%d) s(%d,%d) %s", n, h, w, c, ph, pw, sh, sw, padding);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(2, 8, 8, 3, 2, 2, 2, 2, "valid"),   // windows tile the input
                new Case(3, 9, 7, 20, 2, 2, 2, 2, "valid"),  // last row and column in no window; 20 channels: a vector and a tail
                new Case(2, 7, 9, 17, 2, 2, 2, 2, "same"),   // padded windows at the far edges
                new Case(1, 9, 9, 16, 3, 3, 3, 3, "valid"),
                new Case(2, 8, 9, 2, 2, 1, 3, 2, "valid"),   // gaps between windows
                new Case(2, 8, 8, 3, 3, 3, 2, 2, "valid"));  // overlapping windows: the rules run apart
    }

    /** Small integers, so that windows hold ties and maxima of zero or below (the ReLU then masks them). */
    private static Tensor ints(Random r, int... shape) {
        float[] v = new float[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(5) - 2;
        return Tensor.of(v, shape);
    }

    private static Tensor normal(Random r, int... shape) {
        float[] v = new float[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return Tensor.of(v, shape);
    }

    /** The loss sum(pool(y) * w) and the gradients of {@code sources}; {@code reluAsked} also asks for y's gradient. */
    private static List<Tensor> grads(Case t, Tensor x, Tensor kernel, Tensor bias, Tensor w, boolean viaBiasAdd,
                                      boolean reluAsked, boolean poisonRelu) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x).watch(kernel).watch(bias);
            Tensor y = viaBiasAdd ? Ops.biasAdd(Ops.conv2d(x, kernel, new int[] {1, 1}, "same", new int[] {1, 1}), bias, true)
                    : Ops.conv2d(x, kernel, new int[] {1, 1}, "same", new int[] {1, 1}, bias, true);
            Tensor pooled = Ops.maxPool2d(y, new int[] {t.ph, t.pw}, new int[] {t.sh, t.sw}, t.padding);
            Tensor loss = Ops.sum(Ops.mul(pooled, w));
            // the ReLU's output is no longer needed once pooled: the fused rule reads the pool's output instead
            if (poisonRelu) Arrays.fill(y.unsafeBuffer(), Float.NaN);
            List<Object> sources = new ArrayList<>(List.of(x, kernel, bias));
            if (reluAsked) sources.add(y);
            return tape.gradient(loss, sources);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneFusedPassGivesTheTwoRulesGradients(Case t) {
        for (boolean viaBiasAdd : new boolean[] {false, true}) {
            Random r = new Random(7);
            Tensor x = normal(r, t.n, t.h, t.w, 2), kernel = ints(r, 3, 3, 2, t.c), bias = ints(r, t.c);
            int oh = t.padding.equals("same") ? (t.h + t.sh - 1) / t.sh : (t.h - t.ph) / t.sh + 1;
            int ow = t.padding.equals("same") ? (t.w + t.sw - 1) / t.sw : (t.w - t.pw) / t.sw + 1;
            Tensor w = normal(r, t.n, oh, ow, t.c);
            List<Tensor> fused = grads(t, x, kernel, bias, w, viaBiasAdd, false, false);
            List<Tensor> apart = grads(t, x, kernel, bias, w, viaBiasAdd, true, false);
            String what = t + (viaBiasAdd ? " biasAdd" : " conv2d");
            assertThat(fused.get(0).toFloatArray()).as(what + " dx").containsExactly(apart.get(0).toFloatArray());
            assertThat(fused.get(1).toFloatArray()).as(what + " dkernel").containsExactly(apart.get(1).toFloatArray());
            float[] db = fused.get(2).toFloatArray(), dbApart = apart.get(2).toFloatArray();
            for (int j = 0; j < db.length; j++)
                assertThat(db[j]).as(what + " dbias[" + j + "]").isCloseTo(dbApart[j], org.assertj.core.api.Assertions.within(1e-4f * (1 + Math.abs(dbApart[j]))));
            // the case is not trivial: some windows' maxima are masked and some pass
            assertThat(fused.get(1).toFloatArray()).as(what).isNotEqualTo(new float[fused.get(1).size()]);
        }
    }

    @Test
    void theFusedPassDoesNotReadTheReluOutput() {
        Case t = new Case(2, 8, 8, 3, 2, 2, 2, 2, "valid");
        Random r = new Random(11);
        Tensor x = normal(r, t.n, t.h, t.w, 2), kernel = ints(r, 3, 3, 2, t.c), bias = ints(r, t.c), w = normal(r, t.n, 4, 4, t.c);
        List<Tensor> reference = grads(t, x, kernel, bias, w, false, false, false);
        // with the ReLU's output overwritten by NaN after the forward pass, the ReLU's own rule (which masks by it)
        // would zero every gradient; the fused pass masks by the pooled maxima and gives the same gradients
        List<Tensor> poisoned = grads(t, x, kernel, bias, w, false, false, true);
        for (int k = 0; k < 3; k++) assertThat(poisoned.get(k).toFloatArray()).containsExactly(reference.get(k).toFloatArray());
        assertThat(reference.get(1).toFloatArray()).isNotEqualTo(new float[reference.get(1).size()]);
        // and when y's own gradient is asked for, the rules run apart and do read it
        List<Tensor> apart = grads(t, x, kernel, bias, w, false, true, true);
        assertThat(apart.get(1).toFloatArray()).containsOnly(0f);
    }

    @Test
    void theBiasGradientIsTheSumOfTheMaskedPooledGradients() {
        // one image, one channel, 4x4 input in 2x2 windows; hand-computed: y = relu(x + b) with b = 0 and a 1x1 kernel of 1
        float[] v = {
                1, 2, -1, -3,
                0, 0, -2, -2,
                5, 5, 0, 0,
                4, 1, 0, -1};
        Tensor x = Tensor.of(v, 1, 4, 4, 1), kernel = Tensor.of(new float[] {1}, 1, 1, 1, 1), bias = Tensor.of(new float[] {0}, 1);
        Tensor w = Tensor.of(new float[] {10, 20, 30, 40}, 1, 2, 2, 1);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x).watch(kernel).watch(bias);
            Tensor y = Ops.conv2d(x, kernel, new int[] {1, 1}, "valid", new int[] {1, 1}, bias, true);
            Tensor loss = Ops.sum(Ops.mul(Ops.maxPool2d(y, new int[] {2, 2}, null, "valid"), w));
            List<Tensor> g = tape.gradient(loss, List.of(x, kernel, bias));
            // maxima: 2 (passes), -1 -> relu 0 (masked), 5 first of the tie (passes), 0 (masked)
            assertThat(g.get(0).toFloatArray()).containsExactly(
                    0, 10, 0, 0,
                    0, 0, 0, 0,
                    30, 0, 0, 0,
                    0, 0, 0, 0);
            assertThat(g.get(2).toFloatArray()).containsExactly(40);
            assertThat(g.get(1).toFloatArray()).containsExactly(2 * 10 + 5 * 30);
        }
    }

    /** A first layer: conv (kernel k x k over c input channels, stride, dilation, padding), then the pool of a {@link Case}. */
    record FirstLayer(int c, int k, int stride, int dilation, String convPadding, Case pool) {
        @Override
        public String toString() {
            return String.format("conv %dx%dx%d s%d d%d %s, then %s", k, k, c, stride, dilation, convPadding, pool);
        }
    }

    static Stream<FirstLayer> firstLayers() {
        return Stream.of(
                new FirstLayer(1, 3, 1, 1, "valid", new Case(3, 12, 12, 32, 2, 2, 2, 2, "valid")),   // mnist_convnet's first layer
                new FirstLayer(3, 3, 1, 1, "same", new Case(2, 9, 7, 20, 2, 2, 2, 2, "same")),      // RGB, a channel tail
                new FirstLayer(2, 3, 2, 1, "same", new Case(2, 11, 10, 16, 2, 2, 2, 2, "valid")),
                new FirstLayer(1, 2, 1, 2, "valid", new Case(2, 10, 9, 17, 3, 3, 3, 3, "valid")),
                new FirstLayer(2, 3, 1, 1, "valid", new Case(2, 10, 10, 16, 3, 3, 2, 2, "valid")),  // overlapping: apart
                new FirstLayer(8, 5, 1, 1, "same", new Case(1, 8, 8, 256, 2, 2, 2, 2, "valid")));   // a kernel too large: dense
    }

    /** Kernel and bias gradients of sum(pool(relu(conv(x) + bias)) * w), x not watched; {@code apart}: y's gradient asked too. */
    private static List<Tensor> firstLayerGrads(FirstLayer f, Tensor x, Tensor kernel, Tensor bias, Tensor w, boolean apart) {
        Case t = f.pool;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(kernel).watch(bias);
            Tensor y = Ops.conv2d(x, kernel, new int[] {f.stride, f.stride}, f.convPadding, new int[] {f.dilation, f.dilation}, bias, true);
            Tensor pooled = Ops.maxPool2d(y, new int[] {t.ph, t.pw}, new int[] {t.sh, t.sw}, t.padding);
            Tensor loss = Ops.sum(Ops.mul(pooled, w));
            // x is neither watched nor asked for: its gradient is not needed
            List<Object> sources = new ArrayList<>(List.of(kernel, bias));
            if (apart) sources.add(y);
            return tape.gradient(loss, sources);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstLayers")
    void aFirstLayersKernelGradientComesFromThePooledGradient(FirstLayer f) {
        Case t = f.pool;
        Random r = new Random(5);
        // x sized so that the convolution's output is the pool case's input
        int span = (f.k - 1) * f.dilation + 1;
        int h = f.convPadding.equals("same") ? t.h * f.stride : (t.h - 1) * f.stride + span;
        int w0 = f.convPadding.equals("same") ? t.w * f.stride : (t.w - 1) * f.stride + span;
        Tensor x = normal(r, t.n, h, w0, f.c), kernel = normal(r, f.k, f.k, f.c, t.c), bias = ints(r, t.c);
        Tensor probe = Ops.conv2d(x, kernel, new int[] {f.stride, f.stride}, f.convPadding, new int[] {f.dilation, f.dilation});
        assertThat(probe.shape()).isEqualTo(Shape.of(t.n, t.h, t.w, t.c));
        Tensor pooledShape = Ops.maxPool2d(probe, new int[] {t.ph, t.pw}, new int[] {t.sh, t.sw}, t.padding);
        Tensor w = normal(r, pooledShape.shape().dims());
        List<Tensor> fused = firstLayerGrads(f, x, kernel, bias, w, false);
        List<Tensor> apart = firstLayerGrads(f, x, kernel, bias, w, true);
        for (int s = 0; s <= 1; s++) {
            float[] got = fused.get(s).toFloatArray(), want = apart.get(s).toFloatArray();
            float scale = 0;
            for (float v : want) scale = Math.max(scale, Math.abs(v));
            assertThat(scale).as(f + " gradient " + s + " is not all zero").isPositive();
            for (int i = 0; i < want.length; i++)
                assertThat(got[i]).as(f + " gradient " + s + "[" + i + "]").isCloseTo(want[i], org.assertj.core.api.Assertions.within(2e-5f * scale));
        }
    }

    @Test
    void aFirstLayersPooledKernelGradientByHand() {
        // one image, one input channel, a 2x2 kernel of two output channels, "valid": the output is 3x3 per channel, pooled
        // 2x2 "valid" to one pixel (the last row and column in no window); maxima at different positions per channel
        float[] xv = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        Tensor x = Tensor.of(xv, 1, 3, 3, 1);
        // channel 0: kernel [1 0; 0 0] -> y = x(0..1, 0..1) = 1 2 / 4 5, max 5 at (1, 1); channel 1: [-1 0; 0 0] -> -1 -2 / -4 -5,
        // after a bias of 3: 2 1 / -1 -2 -> relu 2 1 / 0 0, max 2 at (0, 0)
        Tensor kernel = Tensor.of(new float[] {1, -1, 0, 0, 0, 0, 0, 0}, 2, 2, 1, 2), bias = Tensor.of(new float[] {0, 3}, 2);
        Tensor w = Tensor.of(new float[] {10, 100}, 1, 1, 1, 2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(kernel).watch(bias);
            Tensor y = Ops.conv2d(x, kernel, new int[] {1, 1}, "valid", new int[] {1, 1}, bias, true);
            Tensor loss = Ops.sum(Ops.mul(Ops.maxPool2d(y, new int[] {2, 2}, null, "valid"), w));
            List<Tensor> g = tape.gradient(loss, List.of(kernel, bias));
            // dk[ki, kj, 0, oc] = w[oc] * x[patch of the maximum]: channel 0 at (1, 1): x 5 6 / 8 9; channel 1 at (0, 0): x 1 2 / 4 5
            assertThat(g.get(0).toFloatArray()).containsExactly(50, 100, 60, 200, 80, 400, 90, 500);
            assertThat(g.get(1).toFloatArray()).containsExactly(10, 100);
        }
    }
}
