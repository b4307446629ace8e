package dev.gradus.ops;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Permute;
import dev.gradus.tensor.kernels.Softmax;

/** Softmax, log-softmax and log-sum-exp: stable fused kernels forward, rules in recorded ops backward. */
final class SoftmaxOps {
    private SoftmaxOps() {}

    /** Softmax over the last axis, Keras's default. */
    static Tensor softmax(Tensor x) {
        return softmax(x, -1);
    }

    static Tensor softmax(Tensor x, int axis) {
        int a = StatOps.axis("softmax", x, axis);
        int[] l = Shape.lines(x.shape().dims(), a, a);
        Tensor out = Tensor.wrap(Softmax.softmax(x.unsafeBuffer(), l[0], l[1], l[2], false), x.shape());
        if (Record.on()) Record.unary(out, x, g ->
                MathOps.mul(out, MathOps.sub(g, ReduceOps.sum(MathOps.mul(g, out), true, a))));
        return out;
    }

    /** Log-softmax over the last axis, Keras's default. */
    static Tensor logSoftmax(Tensor x) {
        return logSoftmax(x, -1);
    }

    static Tensor logSoftmax(Tensor x, int axis) {
        int a = StatOps.axis("logSoftmax", x, axis);
        int[] l = Shape.lines(x.shape().dims(), a, a);
        Tensor out = Tensor.wrap(Softmax.softmax(x.unsafeBuffer(), l[0], l[1], l[2], true), x.shape());
        if (Record.on()) Record.unary(out, x, g ->
                MathOps.sub(g, MathOps.mul(MathOps.exp(out), ReduceOps.sum(g, true, a))));
        return out;
    }

    /**
     * {@code log(sum(exp(x)))} over the axes (all when none are given). A slice of all {@code -inf} gives
     * {@code -inf}, and an empty one {@code -inf}, as numpy and JAX.
     */
    static Tensor logSumExp(Tensor x, boolean keepDims, int... axes) {
        boolean[] flags = ReduceOps.axes("logSumExp", MathOps.check("logSumExp", "x", x).shape(), axes);
        int r = x.rank();
        int first = 0, last = r - 1;
        while (first < r && !flags[first]) first++;
        while (last >= 0 && !flags[last]) last--;
        boolean contiguous = true;
        for (int i = first; i <= last; i++) contiguous &= flags[i];
        float[] in = x.unsafeBuffer();
        int[] l;
        if (r == 0) {
            l = new int[] {1, 1, 1};
        } else if (contiguous) {
            l = Shape.lines(x.shape().dims(), first, last);
        } else {
            // move the reduced axes to the end so that each slice is one contiguous row
            int[] perm = new int[r];
            int k = 0;
            for (int pass = 0; pass < 2; pass++)
                for (int i = 0; i < r; i++) if (flags[i] == (pass == 1)) perm[k++] = i;
            in = Permute.permute(in, x.shape().dims(), perm);
            int n = 1;
            for (int i = 0; i < r; i++) if (flags[i]) n *= x.shape().get(i);
            l = new int[] {n == 0 ? ReduceOps.reducedShape(x.shape(), flags, false).size() : in.length / n, n, 1};
        }
        Tensor out = Tensor.wrap(Softmax.logSumExp(in, l[0], l[1], l[2]), ReduceOps.reducedShape(x.shape(), flags, keepDims));
        if (Record.on()) Record.unary(out, x, g -> {
            Shape kept = ReduceOps.reducedShape(x.shape(), flags, true);
            return MathOps.mul(ShapeOps.reshape(g, kept), MathOps.exp(MathOps.sub(x, ShapeOps.reshape(out, kept))));
        });
        return out;
    }
}
