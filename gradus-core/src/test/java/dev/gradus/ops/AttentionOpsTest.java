package dev.gradus.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Attention;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.tensor.kernels.VectorSupport;
import dev.gradus.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused dot-product attention against the composed ops, finite differences, a hand computation, and its argument checks. */
class AttentionOpsTest {

    private static Tensor rand(long seed, int... shape) {
        return Tensor.randomNormal(seed, shape);
    }

    /** A 0/1 mask of the given shape, about a third masked, with the rows listed in {@code emptyRows} all masked. */
    private static Tensor mask(long seed, int[] shape, int... emptyRows) {
        Random r = new Random(seed);
        float[] m = new float[Shape.of(shape).size()];
        for (int i = 0; i < m.length; i++) m[i] = r.nextInt(3) == 0 ? 0 : 1;
        int s = shape[shape.length - 1];
        for (int row : emptyRows) java.util.Arrays.fill(m, row * s, row * s + s, 0);
        return Tensor.of(m, shape);
    }

    private static void assertClose(Tensor actual, Tensor expected, double tol) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        float[] a = actual.toFloatArray(), e = expected.toFloatArray();
        for (int i = 0; i < a.length; i++)
            assertThat((double) a[i]).as("element %d", i).isCloseTo(e[i], org.assertj.core.data.Offset.offset(tol * (1 + Math.abs(e[i]))));
    }

    /** batch, T, S, heads, kvHeads, dim, valueDim. */
    private static final int[][] SHAPES = {
            {2, 5, 7, 2, 2, 4, 3}, {1, 9, 9, 3, 1, 8, 8}, {3, 1, 6, 2, 1, 5, 2}, {2, 17, 33, 4, 2, 16, 16}, {1, 40, 40, 1, 1, 32, 24}};

    /** The forward value and all three gradients, with the given bias, mask and causal flag, from the fused op or the composed ops. */
    private static List<Tensor> run(boolean fused, Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, Tensor dOut) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(q);
            tape.watch(k);
            tape.watch(v);
            float scale = (float) (1 / Math.sqrt(q.dim(3)));
            Tensor y = fused ? Ops.dotProductAttention(q, k, v, null, mask, null, causal)
                    : AttentionOps.composed(q, k, v, null, mask, scale, causal);
            List<Tensor> out = new ArrayList<>();
            out.add(y);
            out.addAll(tape.gradient(Ops.sum(Ops.mul(y, dOut)), List.of(q, k, v)));
            return out;
        }
    }

    @Test
    void fusedEqualsTheComposedOpsWithAndWithoutMasks() {
        int seed = 0;
        for (int[] sh : SHAPES) {
            int b = sh[0], t = sh[1], s = sh[2], n = sh[3], kvh = sh[4], d = sh[5], dv = sh[6];
            Tensor q = rand(++seed, b, t, n, d), k = rand(++seed, b, s, kvh, d), v = rand(++seed, b, s, kvh, dv);
            Tensor dOut = rand(++seed, b, t, n, dv);
            // no mask; a full (B, N, T, S) mask with a fully masked row; Keras's (B, 1, T, S); a key mask (B, 1, 1, S);
            // a query mask (B, 1, T, 1) masking a whole query row
            Tensor[] masks = {null, mask(++seed, new int[] {b, n, t, s}, 0), mask(++seed, new int[] {b, 1, t, s}, t - 1),
                    mask(++seed, new int[] {b, 1, 1, s}), mask(++seed, new int[] {b, 1, t, 1})};
            for (Tensor m : masks) {
                for (boolean causal : new boolean[] {false, true}) {
                    List<Tensor> f = run(true, q, k, v, m, causal, dOut), c = run(false, q, k, v, m, causal, dOut);
                    for (int i = 0; i < 4; i++) assertClose(f.get(i), c.get(i), 2e-5);
                }
            }
        }
    }

    @Test
    void withoutATapeTheOutputIsTheSameBits() {
        Tensor q = rand(1, 2, 12, 2, 8), k = rand(2, 2, 12, 2, 8), v = rand(3, 2, 12, 2, 8);
        Tensor m = mask(4, new int[] {2, 1, 12, 12}, 3);
        float[] plain = Ops.dotProductAttention(q, k, v, null, m, null, true).toFloatArray();
        try (GradientTape tape = new GradientTape()) {
            tape.watch(q);
            assertThat(Ops.dotProductAttention(q, k, v, null, m, null, true).toFloatArray()).containsExactly(plain);
        }
    }

    @Test
    void aFullyMaskedRowAveragesTheValuesAndPassesNoGradientToItsLogits() {
        // one batch row, one head, T = 2, S = 3; query 0 sees keys 0 and 2, query 1 sees none
        Tensor q = rand(5, 1, 2, 1, 4), k = rand(6, 1, 3, 1, 4), v = rand(7, 1, 3, 1, 2);
        Tensor m = Tensor.of(new float[] {1, 0, 1, 0, 0, 0}, 1, 1, 2, 3);
        Tensor y;
        List<Tensor> grads;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(q);
            tape.watch(k);
            tape.watch(v);
            y = Ops.dotProductAttention(q, k, v, null, m, 0.5, false);
            grads = tape.gradient(Ops.sum(y), List.of(q, k, v));
        }
        float[] qd = q.toFloatArray(), kd = k.toFloatArray(), vd = v.toFloatArray(), out = y.toFloatArray();
        double l0 = 0, l2 = 0;
        for (int c = 0; c < 4; c++) {
            l0 += 0.5 * qd[c] * kd[c];
            l2 += 0.5 * qd[c] * kd[8 + c];
        }
        double p0 = 1 / (1 + Math.exp(l2 - l0)), p2 = 1 - p0;
        for (int c = 0; c < 2; c++) {
            assertThat((double) out[c]).isCloseTo(p0 * vd[c] + p2 * vd[4 + c], org.assertj.core.data.Offset.offset(1e-5));
            assertThat((double) out[2 + c]).isCloseTo((vd[c] + vd[2 + c] + vd[4 + c]) / 3, org.assertj.core.data.Offset.offset(1e-5));
        }
        // query 1's gradient is zero: its logits are all masked
        float[] dq = grads.get(0).toFloatArray();
        for (int c = 4; c < 8; c++) assertThat(dq[c]).isEqualTo(0f);
        // each value row gets the weight it was given: p0, 0, p2 from query 0 and 1/3 each from query 1
        float[] dv = grads.get(2).toFloatArray();
        assertThat((double) dv[0]).isCloseTo(p0 + 1.0 / 3, org.assertj.core.data.Offset.offset(1e-5));
        assertThat((double) dv[2]).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradCheck check = GradCheck.create().tolerance(2e-2, 2e-3);
        Tensor q = rand(11, 2, 3, 2, 4), k = rand(12, 2, 4, 2, 4), v = rand(13, 2, 4, 2, 3);
        check.verify(xs -> Ops.dotProductAttention(xs[0], xs[1], xs[2]), q, k, v);
        Tensor m = mask(14, new int[] {2, 1, 3, 4}, 1);
        check.verify(xs -> Ops.dotProductAttention(xs[0], xs[1], xs[2], null, m, 0.7, true), q, k, v);
        // grouped-query: 2 query heads share one key/value head
        Tensor k1 = rand(15, 2, 4, 1, 4), v1 = rand(16, 2, 4, 1, 3);
        check.verify(xs -> Ops.dotProductAttention(xs[0], xs[1], xs[2], null, m, null, false), q, k1, v1);
        // a bias runs as the composed ops and gets its gradient
        Tensor bias = rand(17, 1, 2, 3, 4);
        check.verify(xs -> Ops.dotProductAttention(xs[0], xs[1], xs[2], xs[3], m, null, false), q, k, v, bias);
    }

    @Test
    void secondDerivativesGoThroughTheComposedOps() {
        Tensor q = rand(21, 1, 3, 2, 2), k = rand(22, 1, 3, 2, 2), v = rand(23, 1, 3, 2, 2);
        Tensor m = mask(24, new int[] {1, 1, 3, 3}, 2);
        GradCheck.checkSecondOrder(xs -> Ops.dotProductAttention(xs[0], xs[1], xs[2], null, m, null, true), q, k, v);
    }

    @Test
    void theBitsDoNotDependOnTheThreadCountOrTheTape() {
        Tensor q = rand(31, 4, 30, 2, 16), k = rand(32, 4, 30, 2, 16), v = rand(33, 4, 30, 2, 16), dOut = rand(34, 4, 30, 2, 16);
        Tensor m = mask(35, new int[] {4, 1, 30, 30}, 5);
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<Tensor> one = run(true, q, k, v, m, false, dOut);
            Parallel.setThreads(2);
            List<Tensor> two = run(true, q, k, v, m, false, dOut);
            for (int i = 0; i < 4; i++) assertThat(two.get(i).toFloatArray()).containsExactly(one.get(i).toFloatArray());
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void scalarAndVectorLoopsAgree() {
        Tensor q = rand(41, 2, 21, 2, 8), k = rand(42, 2, 19, 2, 8), v = rand(43, 2, 19, 2, 8), dOut = rand(44, 2, 21, 2, 8);
        Tensor m = mask(45, new int[] {2, 2, 21, 19}, 4);
        List<Tensor> vector = run(true, q, k, v, m, true, dOut);
        boolean was = VectorSupport.enabled();
        try {
            VectorSupport.setEnabled(false);
            List<Tensor> scalar = run(true, q, k, v, m, true, dOut);
            for (int i = 0; i < 4; i++) assertClose(scalar.get(i), vector.get(i), 2e-5);
        } finally {
            VectorSupport.setEnabled(was);
        }
    }

    @Test
    void maskedLogitIsJaxs() {
        assertThat(Attention.MASKED_LOGIT).isEqualTo((float) (-0.7 * Float.MAX_VALUE));
    }

    @Test
    void emptyKeysGiveZeros() {
        Tensor y = Ops.dotProductAttention(rand(1, 2, 3, 1, 4), Tensor.zeros(2, 0, 1, 4), Tensor.zeros(2, 0, 1, 5));
        assertThat(y.shape()).isEqualTo(Shape.of(2, 3, 1, 5));
        for (float x : y.toFloatArray()) assertThat(x).isEqualTo(0f);
        // no query/key features: every logit is 0, so each query averages the values
        Tensor v = rand(2, 1, 3, 1, 2);
        float[] mean = Ops.mean(v, new int[] {1}, false).toFloatArray(), out = Ops.dotProductAttention(Tensor.zeros(1, 2, 1, 0),
                Tensor.zeros(1, 3, 1, 0), v).toFloatArray();
        for (int i = 0; i < 4; i++) assertThat((double) out[i]).isCloseTo(mean[i % 2], org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void badArgumentsAreNamedWithExpectedAndReceivedShapes() {
        Tensor q = rand(1, 2, 3, 2, 4), k = rand(2, 2, 5, 2, 4), v = rand(3, 2, 5, 2, 6);
        assertThatThrownBy(() -> Ops.dotProductAttention(null, k, v))
                .hasMessage("dotProductAttention: query must not be null");
        assertThatThrownBy(() -> Ops.dotProductAttention(rand(1, 2, 3, 8), k, v))
                .hasMessage("dotProductAttention: query must have shape (batch, T, heads, dim), got (2, 3, 8)");
        assertThatThrownBy(() -> Ops.dotProductAttention(q, rand(2, 2, 5, 2, 3), v))
                .hasMessage("dotProductAttention: key must have shape (2, S, kv_heads, 4) to match query (2, 3, 2, 4), got (2, 5, 2, 3)");
        assertThatThrownBy(() -> Ops.dotProductAttention(q, k, rand(3, 2, 4, 2, 6)))
                .hasMessage("dotProductAttention: value must have shape (2, 5, 2, value_dim) to match key (2, 5, 2, 4), got (2, 4, 2, 6)");
        assertThatThrownBy(() -> Ops.dotProductAttention(rand(1, 2, 3, 3, 4), k, rand(3, 2, 5, 2, 6)))
                .hasMessage("dotProductAttention: the query's heads (3) must be a multiple of the key's heads (2), "
                        + "got query (2, 3, 3, 4) and key (2, 5, 2, 4)");
        assertThatThrownBy(() -> Ops.dotProductAttention(q, k, v, null, Tensor.ones(2, 3, 4), null, false))
                .hasMessage("dotProductAttention: mask must broadcast to (batch, heads, T, S) = (2, 2, 3, 5), got (2, 3, 4)");
        assertThatThrownBy(() -> Ops.dotProductAttention(q, k, v, Tensor.ones(3, 1, 1, 1), null, null, false))
                .hasMessage("dotProductAttention: bias must broadcast to (batch, heads, T, S) = (2, 2, 3, 5), got (3, 1, 1, 1)");
        assertThatThrownBy(() -> Ops.dotProductAttention(q, k, v, null, null, Double.NaN, false))
                .hasMessage("dotProductAttention: scale must be a number, got NaN");
    }
}
