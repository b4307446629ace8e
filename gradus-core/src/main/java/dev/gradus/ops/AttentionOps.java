package dev.gradus.ops;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Attention;
import dev.gradus.tensor.kernels.StepBuffers;
import java.util.List;

/**
 * keras.ops.dot_product_attention: one fused op (kernel {@link Attention}) with one hand-written
 * gradient, instead of the chain transpose, matmul, scale, where, softmax, matmul, transpose, each
 * with a full {@code (batch, heads, T, S)} temporary and a taped rule of its own.
 */
final class AttentionOps {
    private AttentionOps() {}

    static Tensor dotProductAttention(Tensor query, Tensor key, Tensor value, Tensor bias, Tensor mask, Double scale,
                                      boolean isCausal) {
        int[] q = rank4("query", query, "(batch, T, heads, dim)");
        int[] k = rank4("key", key, "(batch, S, kv_heads, dim)");
        int[] v = rank4("value", value, "(batch, S, kv_heads, value_dim)");
        if (k[0] != q[0] || k[3] != q[3]) throw new IllegalArgumentException("dotProductAttention: key must have shape (" + q[0]
                + ", S, kv_heads, " + q[3] + ") to match query " + query.shape() + ", got " + key.shape());
        if (v[0] != k[0] || v[1] != k[1] || v[2] != k[2]) throw new IllegalArgumentException("dotProductAttention: value must have "
                + "shape (" + k[0] + ", " + k[1] + ", " + k[2] + ", value_dim) to match key " + key.shape() + ", got " + value.shape());
        if (k[2] == 0 || q[2] % k[2] != 0) throw new IllegalArgumentException("dotProductAttention: the query's heads (" + q[2]
                + ") must be a multiple of the key's heads (" + k[2] + "), got query " + query.shape() + " and key " + key.shape());
        int[] full = {q[0], q[2], q[1], k[1]};
        int[] maskStrides = mask == null ? null : broadcastStrides("mask", mask, full);
        if (bias != null) broadcastStrides("bias", bias, full);
        if (scale != null && Double.isNaN(scale)) throw new IllegalArgumentException("dotProductAttention: scale must be a number, got NaN");
        float s = (float) (scale == null ? 1 / Math.sqrt(q[3]) : scale);
        // an additive bias needs its own gradient: the composed ops give it
        if (bias != null) return composed(query, key, value, bias, mask, s, isCausal);
        // no keys: JAX's weighted sum over no steps is 0 (and the output does not depend on the inputs)
        if (q[0] * q[1] * q[2] * v[3] == 0 || k[1] == 0) return Tensor.zeros(q[0], q[1], q[2], v[3]);
        Attention.Geometry g = new Attention.Geometry(q[0], q[1], k[1], q[2], k[2], q[3], v[3], s,
                mask == null ? null : mask.unsafeBuffer(), maskStrides, isCausal);
        boolean record = Record.on();
        float[] probs = record ? StepBuffers.take(q[0] * q[2] * q[1] * k[1]) : null;
        float[] out = StepBuffers.take(q[0] * q[1] * q[2] * v[3]);
        Attention.forward(g, query.unsafeBuffer(), key.unsafeBuffer(), value.unsafeBuffer(), probs, out);
        Tensor result = Tensor.wrap(out, Shape.of(q[0], q[1], q[2], v[3]));
        if (record) Record.nary(result, (dOut, need) -> {
            // an outer tape is recording this backward (higher derivatives): differentiate the composed ops instead
            if (Record.on()) return composedGradient(query, key, value, mask, s, isCausal, dOut);
            float[] dq = need[0] ? StepBuffers.take(query.size()) : null;
            float[] dk = need[1] ? StepBuffers.take(key.size()) : null;
            float[] dv = need[2] ? StepBuffers.take(value.size()) : null;
            Attention.backward(g, query.unsafeBuffer(), key.unsafeBuffer(), value.unsafeBuffer(), probs, dOut.unsafeBuffer(),
                    dq, dk, dv);
            return new Tensor[] {
                    dq == null ? null : Tensor.wrap(dq, query.shape()),
                    dk == null ? null : Tensor.wrap(dk, key.shape()),
                    dv == null ? null : Tensor.wrap(dv, value.shape())};
        }, query, key, value);
        return result;
    }

    /**
     * The same attention as ops (Keras's JAX backend, step by step): the reference the fused kernel is
     * tested against, the path for a bias, and the function differentiated for higher derivatives.
     */
    static Tensor composed(Tensor query, Tensor key, Tensor value, Tensor bias, Tensor mask, float scale, boolean causal) {
        int group = query.dim(2) / key.dim(2);
        Tensor k = group == 1 ? key : ArrayOps.repeat(key, group, 2);
        Tensor v = group == 1 ? value : ArrayOps.repeat(value, group, 2);
        Tensor qh = ShapeOps.transpose(query, 0, 2, 1, 3);
        Tensor kh = ShapeOps.transpose(k, 0, 2, 3, 1);
        Tensor vh = ShapeOps.transpose(v, 0, 2, 1, 3);
        Tensor logits = MathOps.mul(LinalgOps.matmul(qh, kh), Tensor.scalar(scale));
        if (bias != null) logits = MathOps.add(logits, bias);
        Tensor keep = mask == null ? null : Ops.notEqual(mask, 0);
        if (causal) {
            Tensor lower = causalMask(query.dim(1), key.dim(1));
            keep = keep == null ? lower : Ops.logicalAnd(keep, lower);
        }
        if (keep != null) logits = MathOps.where(keep, logits, Tensor.scalar(Attention.MASKED_LOGIT));
        Tensor weights = SoftmaxOps.softmax(logits, -1);
        return ShapeOps.transpose(LinalgOps.matmul(weights, vh), 0, 2, 1, 3);
    }

    /** The vector-Jacobian product of {@link #composed} (no bias), through a tape of its own so outer tapes record it. */
    private static Tensor[] composedGradient(Tensor query, Tensor key, Tensor value, Tensor mask, float scale, boolean causal,
                                             Tensor dOut) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(query);
            tape.watch(key);
            tape.watch(value);
            Tensor y = composed(query, key, value, null, mask, scale, causal);
            List<Tensor> grads = tape.gradient(ReduceOps.sum(MathOps.mul(y, dOut), false), List.of(query, key, value));
            return grads.toArray(new Tensor[0]);
        }
    }

    /** Keras's causal mask {@code (T, S)}: query step i sees key steps j <= i. */
    private static Tensor causalMask(int t, int s) {
        float[] tri = new float[t * s];
        for (int r = 0; r < t; r++) for (int c = 0; c < s && c <= r; c++) tri[r * s + c] = 1;
        return Tensor.of(tri, t, s);
    }

    private static int[] rank4(String name, Tensor x, String expected) {
        MathOps.check("dotProductAttention", name, x);
        if (x.rank() != 4) throw new IllegalArgumentException("dotProductAttention: " + name + " must have shape " + expected
                + ", got " + x.shape());
        return x.shape().dims();
    }

    /** Strides that read {@code x} as broadcast to {@code full} (0 on a broadcast axis), numpy's rules. */
    private static int[] broadcastStrides(String name, Tensor x, int[] full) {
        int r = x.rank();
        int[] d = x.shape().dims();
        boolean ok = r <= 4;
        for (int i = 0; ok && i < r; i++) ok = d[i] == 1 || d[i] == full[4 - r + i];
        if (!ok) throw new IllegalArgumentException("dotProductAttention: " + name + " must broadcast to (batch, heads, T, S) = "
                + Shape.format(full) + ", got " + x.shape());
        int[] strides = new int[4];
        int stride = 1;
        for (int i = r - 1; i >= 0; i--) {
            strides[4 - r + i] = d[i] == 1 ? 0 : stride;
            stride *= d[i];
        }
        return strides;
    }
}
