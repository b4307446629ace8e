package dev.gradus.ops;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Elementwise;
import dev.gradus.tensor.kernels.Permute;
import java.util.Arrays;

/** Reshape, broadcast, transpose, expand and squeeze: the shape changes that other gradients use. */
final class ShapeOps {
    private ShapeOps() {}

    /** Same values, new shape; one dimension may be -1 and is inferred. Shares the storage. */
    static Tensor reshape(Tensor x, int... dims) {
        MathOps.check("reshape", "x", x);
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: only one dimension can be -1, got " + Shape.format(dims));
                infer = i;
            } else if (d[i] < 0) {
                throw new IllegalArgumentException("reshape: dimensions must be >= 0 or -1, got " + Shape.format(dims));
            } else known *= d[i];
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) throw new IllegalArgumentException(
                    "reshape: cannot reshape shape " + x.shape() + " (" + x.size() + " elements) to " + Shape.format(dims));
            d[infer] = (int) (x.size() / known);
        }
        return reshape(x, Shape.of(d));
    }

    static Tensor reshape(Tensor x, Shape shape) {
        if (shape.size() != x.size()) throw new IllegalArgumentException(
                "reshape: cannot reshape shape " + x.shape() + " (" + x.size() + " elements) to " + shape + " (" + shape.size() + " elements)");
        Tensor out = Tensor.wrap(x.unsafeBuffer(), shape);
        if (Record.on()) Record.unary(out, x, g -> reshape(g, x.shape()));
        return out;
    }

    static Tensor broadcastTo(Tensor x, int... dims) {
        return broadcastTo(x, Shape.of(dims));
    }

    static Tensor broadcastTo(Tensor x, Shape shape) {
        MathOps.check("broadcastTo", "x", x);
        if (!x.shape().broadcastsTo(shape)) throw new IllegalArgumentException(
                "broadcastTo: shape " + x.shape() + " cannot be broadcast to " + shape);
        Tensor out = Tensor.wrap(Elementwise.broadcastTo(x.unsafeBuffer(), x.shape().dims(), shape.dims()), shape);
        if (Record.on()) Record.unary(out, x, g -> ReduceOps.sumTo(g, x.shape()));
        return out;
    }

    /** Reverses the axes (a matrix transpose for rank 2). */
    static Tensor transpose(Tensor x) {
        int r = MathOps.check("transpose", "x", x).rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = r - 1 - i;
        return transpose(x, perm);
    }

    /** Output axis {@code i} is input axis {@code perm[i]}. */
    static Tensor transpose(Tensor x, int... perm) {
        MathOps.check("transpose", "x", x);
        int r = x.rank();
        if (perm.length != r) throw new IllegalArgumentException(
                "transpose: axes " + Arrays.toString(perm) + " do not match rank " + r + " of shape " + x.shape());
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shape.normalizeAxis(perm[i], r, "transpose: axes");
            if (seen[p[i]]) throw new IllegalArgumentException("transpose: axes " + Arrays.toString(perm) + " repeat axis " + perm[i]);
            seen[p[i]] = true;
        }
        int[] dims = x.shape().dims(), outDims = new int[r];
        for (int i = 0; i < r; i++) outDims[i] = dims[p[i]];
        Tensor out = Tensor.wrap(Permute.permute(x.unsafeBuffer(), dims, p), Shape.of(outDims));
        if (Record.on()) Record.unary(out, x, g -> {
            int[] inverse = new int[r];
            for (int i = 0; i < r; i++) inverse[p[i]] = i;
            return transpose(g, inverse);
        });
        return out;
    }

    /** Inserts a dimension of size 1 at {@code axis} (which may be {@code rank}, or negative). */
    static Tensor expandDims(Tensor x, int axis) {
        int r = MathOps.check("expandDims", "x", x).rank();
        int a = Shape.normalizeAxis(axis, r + 1, "expandDims: axis");
        int[] d = x.shape().dims(), out = new int[r + 1];
        for (int i = 0, k = 0; i <= r; i++) out[i] = i == a ? 1 : d[k++];
        return reshape(x, Shape.of(out));
    }

    /** Removes the given size-1 axes, or every size-1 axis when none are given. */
    static Tensor[] squeezeOrExpandToSameRank(Tensor a, Tensor b, boolean expandRank1) {
        MathOps.check("squeezeOrExpandToSameRank", "a", a);
        MathOps.check("squeezeOrExpandToSameRank", "b", b);
        if (a.rank() == b.rank() + 1 && a.rank() > 0 && a.dim(-1) == 1)
            return b.rank() == 1 && expandRank1 ? new Tensor[] {a, expandDims(b, -1)} : new Tensor[] {squeeze(a, -1), b};
        if (b.rank() == a.rank() + 1 && b.rank() > 0 && b.dim(-1) == 1)
            return a.rank() == 1 && expandRank1 ? new Tensor[] {expandDims(a, -1), b} : new Tensor[] {a, squeeze(b, -1)};
        return new Tensor[] {a, b};
    }

    static Tensor squeeze(Tensor x, int... axes) {
        MathOps.check("squeeze", "x", x);
        int[] d = x.shape().dims();
        boolean[] drop = new boolean[d.length];
        if (axes.length == 0) {
            for (int i = 0; i < d.length; i++) drop[i] = d[i] == 1;
        } else {
            for (int a : axes) {
                int k = Shape.normalizeAxis(a, d.length, "squeeze: axis");
                if (d[k] != 1) throw new IllegalArgumentException(
                        "squeeze: axis " + a + " has size " + d[k] + ", expected 1, in shape " + x.shape());
                drop[k] = true;
            }
        }
        int[] out = new int[d.length];
        int n = 0;
        for (int i = 0; i < d.length; i++) if (!drop[i]) out[n++] = d[i];
        return reshape(x, Shape.of(Arrays.copyOf(out, n)));
    }
}
