package dev.gradus.ops;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Sorting;

/** Sorting along an axis and the k largest values; values carry gradients, indices do not. */
final class SortOps {
    private SortOps() {}

    /** Ascending along {@code axis}, NaN last, as numpy.sort; the gradient goes back through the permutation. */
    static Tensor sort(Tensor x, int axis) {
        MathOps.check("sort", "x", x);
        int a = Shape.normalizeAxis(axis, x.rank(), "sort: axis");
        return ArrayOps.alongInts(x, order(x, a, x.shape().get(a), false), x.shape(), a);
    }

    /** The positions that sort {@code x} along {@code axis} (stable; NaN last), as floats. */
    static Tensor argsort(Tensor x, int axis) {
        MathOps.check("argsort", "x", x);
        int a = Shape.normalizeAxis(axis, x.rank(), "argsort: axis");
        return asFloats(order(x, a, x.shape().get(a), false), x.shape());
    }

    /**
     * The {@code k} largest values along the last axis and their positions, largest first (ties: lower
     * index first; NaN counts as largest), as keras.ops.top_k. As Keras's JAX backend, the result is
     * sorted whatever {@code sorted} says: unsorted order is unspecified, so sorted order is allowed.
     */
    static TopK topK(Tensor x, int k, boolean sorted) {
        MathOps.check("topK", "x", x);
        if (x.rank() == 0) throw new IllegalArgumentException("topK: x must have rank >= 1, got shape " + x.shape());
        int a = x.rank() - 1, n = x.shape().get(a);
        if (k < 1 || k > n) throw new IllegalArgumentException(
                "topK: k must be in [1, " + n + "] for the last axis of shape " + x.shape() + ", got " + k);
        int[] dims = x.shape().dims();
        dims[a] = k;
        int[] idx = order(x, a, k, true);
        Shape out = Shape.of(dims);
        return new TopK(ArrayOps.alongInts(x, idx, out, a), asFloats(idx, out));
    }

    private static int[] order(Tensor x, int a, int k, boolean descending) {
        int[] l = Shape.lines(x.shape().dims(), a, a);
        return Sorting.argsort(x.unsafeBuffer(), l[0], l[1], l[2], k, descending);
    }

    private static Tensor asFloats(int[] idx, Shape shape) {
        float[] f = new float[idx.length];
        for (int i = 0; i < f.length; i++) f[i] = idx[i];
        return Tensor.wrap(f, shape);
    }
}
