package dev.gradus.ops;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Binary;
import dev.gradus.tensor.kernels.Reduce;

/** Sums, means, maxima and minima over axes, with their gradients. */
final class ReduceOps {
    private ReduceOps() {}

    /** Normalised, de-duplicated axes as flags; no axes means all of them. */
    static boolean[] axes(String op, Shape shape, int[] axes) {
        boolean[] flags = new boolean[shape.rank()];
        if (axes == null || axes.length == 0) {
            java.util.Arrays.fill(flags, true);
            return flags;
        }
        for (int a : axes) {
            int k = Shape.normalizeAxis(a, shape.rank(), op + ": axis");
            if (flags[k]) throw new IllegalArgumentException(op + ": axis " + a + " is repeated in " + java.util.Arrays.toString(axes));
            flags[k] = true;
        }
        return flags;
    }

    static Shape reducedShape(Shape in, boolean[] reduced, boolean keepDims) {
        int[] d = in.dims();
        int n = 0;
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (!reduced[i]) out[n++] = d[i];
            else if (keepDims) out[n++] = 1;
        }
        return Shape.of(java.util.Arrays.copyOf(out, n));
    }

    private static Tensor raw(Reduce.Kind kind, String op, Tensor x, boolean[] flags, boolean keepDims) {
        MathOps.check(op, "x", x);
        return Tensor.wrap(Reduce.reduce(kind, x.unsafeBuffer(), x.shape().dims(), flags), reducedShape(x.shape(), flags, keepDims));
    }

    static Tensor sum(Tensor x, boolean keepDims, int... axes) {
        boolean[] flags = axes("sum", MathOps.check("sum", "x", x).shape(), axes);
        Tensor out = raw(Reduce.Kind.SUM, "sum", x, flags, keepDims);
        if (Record.on()) Record.unary(out, x, g ->
                ShapeOps.broadcastTo(ShapeOps.reshape(g, reducedShape(x.shape(), flags, true)), x.shape()));
        return out;
    }

    static Tensor mean(Tensor x, boolean keepDims, int... axes) {
        boolean[] flags = axes("mean", MathOps.check("mean", "x", x).shape(), axes);
        long count = 1;
        for (int i = 0; i < flags.length; i++) if (flags[i]) count *= x.shape().get(i);
        int[] ax = flagged(flags);
        return MathOps.scale(sum(x, keepDims, ax), count == 0 ? Double.NaN : 1.0 / count);
    }

    static Tensor max(Tensor x, boolean keepDims, int... axes) {
        return chooser(Reduce.Kind.MAX, "max", x, keepDims, axes);
    }

    static Tensor min(Tensor x, boolean keepDims, int... axes) {
        return chooser(Reduce.Kind.MIN, "min", x, keepDims, axes);
    }

    /** The gradient goes to the elements equal to the result, split evenly among ties (as TF and JAX). */
    private static Tensor chooser(Reduce.Kind kind, String op, Tensor x, boolean keepDims, int[] axes) {
        boolean[] flags = axes(op, MathOps.check(op, "x", x).shape(), axes);
        for (int i = 0; i < flags.length; i++)
            if (flags[i] && x.shape().get(i) == 0) throw new IllegalArgumentException(
                    op + ": cannot reduce axis " + i + " of size 0 in shape " + x.shape());
        Tensor out = raw(kind, op, x, flags, keepDims);
        if (Record.on()) Record.unary(out, x, g -> {
            Shape kept = reducedShape(x.shape(), flags, true);
            Tensor hit = MathOps.raw(Binary.EQUAL, op, x, ShapeOps.reshape(out, kept));
            Tensor count = raw(Reduce.Kind.SUM, op, hit, flags, true);
            Tensor share = MathOps.raw(Binary.DIV, op, hit, count);
            return MathOps.mul(ShapeOps.reshape(g, kept), share);
        });
        return out;
    }

    static int[] flagged(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) if (f) n++;
        int[] out = new int[n];
        for (int i = 0, k = 0; i < flags.length; i++) if (flags[i]) out[k++] = i;
        return out;
    }

    /** Sums {@code g} down to {@code shape}: the adjoint of broadcasting {@code shape} up to g's shape. */
    static Tensor sumTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) return g;
        int lead = g.rank() - shape.rank();
        boolean[] flags = new boolean[g.rank()];
        for (int i = 0; i < g.rank(); i++) flags[i] = i < lead || (shape.get(i - lead) == 1 && g.shape().get(i) != 1);
        return ShapeOps.reshape(sum(g, false, flagged(flags)), shape);
    }
}
