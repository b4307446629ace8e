package dev.gradus.ops;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.ArgReduce;
import dev.gradus.tensor.kernels.Binary;
import dev.gradus.tensor.kernels.Reduce;
import dev.gradus.tensor.kernels.Scan;

/** Products, moments, norms, arg-reductions and cumulative scans, with their gradients. */
final class StatOps {
    private StatOps() {}

    // ------------------------------------------------------------------ helpers shared with SoftmaxOps

    /** {@code axis} normalised for {@code x}, or an error naming the op and x's shape. */
    static int axis(String op, Tensor x, int axis) {
        return MathOps.check(op, "x", x).shape().axis(axis, op + ": axis");
    }

    private static Tensor zero() {
        return Tensor.scalar(0);
    }

    // ------------------------------------------------------------------ products

    /**
     * Product over the axes (all when none are given). The gradient is the product of the other elements,
     * exact with zeros in the slice. The rule is itself differentiable; its derivative is exact except the
     * mixed one between two zeros of the same slice, which reads 0.
     */
    static Tensor prod(Tensor x, boolean keepDims, int... axes) {
        boolean[] flags = ReduceOps.axes("prod", MathOps.check("prod", "x", x).shape(), axes);
        Shape kept = ReduceOps.reducedShape(x.shape(), flags, true);
        Tensor out = Tensor.wrap(Reduce.reduce(Reduce.Kind.PROD, x.unsafeBuffer(), x.shape().dims(), flags),
                ReduceOps.reducedShape(x.shape(), flags, keepDims));
        if (Record.on()) Record.unary(out, x, g -> {
            Tensor all = ShapeOps.reshape(out, kept);
            Tensor isZero = MathOps.raw(Binary.EQUAL, "prod", x, zero());
            Tensor others;
            if (!contains(isZero, z -> z != 0)) {
                others = MathOps.div(all, x);
            } else {
                // out / x is 0 beside a zero but still carries the right derivative; at the slice's only
                // zero the partner product is the product of the rest
                Tensor zeros = Tensor.wrap(Reduce.reduce(Reduce.Kind.SUM, isZero.unsafeBuffer(), x.shape().dims(), flags), kept);
                Tensor safe = MathOps.where(isZero, Tensor.scalar(1), x);
                Tensor one = MathOps.raw(Binary.EQUAL, "prod", zeros, Tensor.scalar(1));
                Tensor rest = MathOps.mul(prod(safe, true, ReduceOps.flagged(flags)), one);
                others = MathOps.where(isZero, rest, MathOps.div(all, safe));
            }
            return MathOps.mul(ShapeOps.reshape(g, kept), others);
        });
        return out;
    }

    private static boolean contains(Tensor t, java.util.function.DoublePredicate p) {
        for (float v : t.unsafeBuffer()) if (p.test(v)) return true;
        return false;
    }

    // ------------------------------------------------------------------ moments and norms

    /** Population variance (numpy's ddof = 0), as {@code keras.ops.var}. */
    static Tensor variance(Tensor x, boolean keepDims, int... axes) {
        int[] ax = ReduceOps.flagged(ReduceOps.axes("variance", MathOps.check("variance", "x", x).shape(), axes));
        Tensor centered = MathOps.sub(x, ReduceOps.mean(x, true, ax));
        return ReduceOps.mean(MathOps.square(centered), keepDims, ax);
    }

    /** Population standard deviation, as {@code keras.ops.std}. */
    static Tensor std(Tensor x, boolean keepDims, int... axes) {
        ReduceOps.axes("std", MathOps.check("std", "x", x).shape(), axes);
        return MathOps.sqrt(variance(x, keepDims, axes));
    }

    /**
     * L2 (Frobenius) norm over the axes, all when none are given: {@code keras.ops.norm}'s default order.
     * The gradient {@code x / norm} is defined as 0 at a zero slice instead of NaN.
     */
    static Tensor norm(Tensor x, boolean keepDims, int... axes) {
        boolean[] flags = ReduceOps.axes("norm", MathOps.check("norm", "x", x).shape(), axes);
        Tensor squares = MathOps.raw(Binary.MUL, "norm", x, x);
        float[] sum = Reduce.reduce(Reduce.Kind.SUM, squares.unsafeBuffer(), x.shape().dims(), flags);
        for (int i = 0; i < sum.length; i++) sum[i] = (float) Math.sqrt(sum[i]);
        Tensor out = Tensor.wrap(sum, ReduceOps.reducedShape(x.shape(), flags, keepDims));
        if (Record.on()) Record.unary(out, x, g -> {
            Shape kept = ReduceOps.reducedShape(x.shape(), flags, true);
            Tensor n = ShapeOps.reshape(out, kept);
            Tensor safe = MathOps.where(MathOps.raw(Binary.EQUAL, "norm", n, zero()), Tensor.scalar(1), n);
            return MathOps.mul(ShapeOps.reshape(g, kept), MathOps.div(x, safe));
        });
        return out;
    }

    /** {@code x / sqrt(max(sum(x^2, axis), 1e-12))}, the normalisation of Keras's cosine similarity. */
    static Tensor l2Normalize(Tensor x, int axis) {
        return l2Normalize(x, axis, 1e-12);
    }

    static Tensor l2Normalize(Tensor x, int axis, double epsilon) {
        int a = axis("l2Normalize", x, axis);
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) throw new IllegalArgumentException(
                "l2Normalize: epsilon: expected a finite value >= 0, got " + epsilon);
        Tensor squareSum = ReduceOps.sum(MathOps.square(x), true, a);
        return MathOps.div(x, MathOps.sqrt(MathOps.maximum(squareSum, Tensor.scalar(epsilon))));
    }

    // ------------------------------------------------------------------ arg-reductions (no gradient)

    /** Index of the maximum along {@code axis} as floats; first occurrence on ties, NaN counts as the maximum. */
    static Tensor argmax(Tensor x, int axis) {
        return argReduce("argmax", x, axis, true);
    }

    /** Index of the maximum of the flattened tensor, as {@code keras.ops.argmax(x)}. */
    static Tensor argmax(Tensor x) {
        return argReduce("argmax", flat("argmax", x), 0, true);
    }

    static Tensor argmin(Tensor x, int axis) {
        return argReduce("argmin", x, axis, false);
    }

    static Tensor argmin(Tensor x) {
        return argReduce("argmin", flat("argmin", x), 0, false);
    }

    private static Tensor flat(String op, Tensor x) {
        return Tensor.wrap(MathOps.check(op, "x", x).unsafeBuffer(), Shape.of(x.size()));
    }

    private static Tensor argReduce(String op, Tensor x, int axis, boolean max) {
        int a = axis(op, x, axis);
        if (x.shape().get(a) == 0) throw new IllegalArgumentException(
                op + ": axis " + axis + " of x has size 0 in shape " + x.shape() + ", expected a non-empty axis");
        int[] l = Shape.lines(x.shape().dims(), a, a);
        int[] d = x.shape().dims(), outDims = new int[d.length - 1];
        for (int i = 0, k = 0; i < d.length; i++) if (i != a) outDims[k++] = d[i];
        return Tensor.wrap(ArgReduce.argReduce(x.unsafeBuffer(), l[0], l[1], l[2], max), Shape.of(outDims));
    }

    // ------------------------------------------------------------------ cumulative scans

    static Tensor cumsum(Tensor x, int axis) {
        return cumsum("cumsum", x, axis, false);
    }

    /** Cumulative sum of the flattened tensor, as {@code keras.ops.cumsum(x)}. */
    static Tensor cumsum(Tensor x) {
        return cumsum(ShapeOps.reshape(MathOps.check("cumsum", "x", x), x.size()), 0);
    }

    private static Tensor cumsum(String op, Tensor x, int axis, boolean reverse) {
        int a = axis(op, x, axis);
        int[] l = Shape.lines(x.shape().dims(), a, a);
        Tensor out = Tensor.wrap(Scan.cumsum(x.unsafeBuffer(), l[0], l[1], l[2], reverse), x.shape());
        if (Record.on()) Record.unary(out, x, g -> cumsum(op, g, a, !reverse));
        return out;
    }

    /**
     * Cumulative product. The gradient is the reverse cumulative sum of {@code g * out} divided by {@code x};
     * at the first zero of a line, where that division fails, it is the reverse cumulative sum of
     * {@code g} times the products that skip that zero. Exact with zeros, and itself differentiable
     * (exact except the mixed derivative between two zeros of a line, which reads 0).
     */
    static Tensor cumprod(Tensor x, int axis) {
        int a = axis("cumprod", x, axis);
        int[] l = Shape.lines(x.shape().dims(), a, a);
        Tensor out = Tensor.wrap(Scan.cumprod(x.unsafeBuffer(), l[0], l[1], l[2]), x.shape());
        if (Record.on()) Record.unary(out, x, g -> {
            Tensor isZero = MathOps.raw(Binary.EQUAL, "cumprod", x, zero());
            Tensor tail = cumsum("cumprod", MathOps.mul(g, out), a, true);
            if (!contains(isZero, z -> z != 0)) return MathOps.div(tail, x);
            Tensor general = MathOps.div(tail, MathOps.where(isZero, Tensor.scalar(1), x));
            Tensor isFirst = Tensor.wrap(Scan.firstZero(x.unsafeBuffer(), l[0], l[1], l[2]), x.shape());
            Tensor skipping = cumprod(MathOps.where(isFirst, Tensor.scalar(1), x), a);
            return MathOps.where(isFirst, cumsum("cumprod", MathOps.mul(g, skipping), a, true), general);
        });
        return out;
    }

    static Tensor cumprod(Tensor x) {
        return cumprod(ShapeOps.reshape(MathOps.check("cumprod", "x", x), x.size()), 0);
    }
}
