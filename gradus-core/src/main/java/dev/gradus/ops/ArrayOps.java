package dev.gradus.ops;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Elementwise;
import dev.gradus.tensor.kernels.Gather;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Joining, cutting, padding, repeating and indexing, as numpy and keras.ops do them. Most gradients
 * are the adjoint copy (slice against embed, take against scatter-add), each pair recorded so that
 * second derivatives work.
 */
final class ArrayOps {
    private ArrayOps() {}

    // ------------------------------------------------------------------ concat, stack, split

    /** Joins tensors along an existing axis; their shapes must match on every other axis. */
    static Tensor concat(List<Tensor> xs, int axis) {
        if (xs == null || xs.isEmpty()) throw new IllegalArgumentException(
                "concat: xs must hold at least one tensor, got " + (xs == null ? "null" : "an empty list"));
        Tensor first = MathOps.check("concat", "xs[0]", xs.get(0));
        int a = Shape.normalizeAxis(axis, first.rank(), "concat: axis");
        int[] d0 = first.shape().dims();
        Tensor[] ins = new Tensor[xs.size()];
        float[][] parts = new float[ins.length][];
        int[] lens = new int[ins.length];
        int total = 0;
        for (int k = 0; k < ins.length; k++) {
            ins[k] = MathOps.check("concat", "xs[" + k + "]", xs.get(k));
            int[] d = ins[k].shape().dims();
            boolean ok = d.length == d0.length;
            for (int i = 0; ok && i < d.length; i++) ok = i == a || d[i] == d0[i];
            if (!ok) throw new IllegalArgumentException("concat: xs[" + k + "] has shape " + ins[k].shape()
                    + " but xs[0] has shape " + first.shape() + "; all dimensions except axis " + axis + " must match");
            parts[k] = ins[k].unsafeBuffer();
            lens[k] = d[a];
            total += d[a];
        }
        if (ins.length == 1) return first;
        int[] outDims = d0.clone();
        outDims[a] = total;
        int[] l = Shape.lines(d0, a, a);
        Tensor out = Tensor.wrap(Gather.concat(parts, lens, l[0], l[2]), Shape.of(outDims));
        if (Record.on()) Record.nary(out, (g, need) -> {
            Tensor[] gs = new Tensor[lens.length];
            for (int k = 0, off = 0; k < lens.length; off += lens[k], k++)
                if (need[k]) gs[k] = sliceAxis(g, a, off, off + lens[k]);
            return gs;
        }, ins);
        return out;
    }

    /** Joins tensors of one shape along a new axis (which may be {@code rank}, or negative). */
    static Tensor stack(List<Tensor> xs, int axis) {
        if (xs == null || xs.isEmpty()) throw new IllegalArgumentException(
                "stack: xs must hold at least one tensor, got " + (xs == null ? "null" : "an empty list"));
        Shape s0 = MathOps.check("stack", "xs[0]", xs.get(0)).shape();
        int a = Shape.normalizeAxis(axis, s0.rank() + 1, "stack: axis");
        List<Tensor> expanded = new ArrayList<>(xs.size());
        for (int k = 0; k < xs.size(); k++) {
            Tensor x = MathOps.check("stack", "xs[" + k + "]", xs.get(k));
            if (!x.shape().equals(s0)) throw new IllegalArgumentException(
                    "stack: xs[" + k + "] has shape " + x.shape() + " but xs[0] has shape " + s0 + "; all shapes must be equal");
            expanded.add(ShapeOps.expandDims(x, a));
        }
        return concat(expanded, a);
    }

    /** {@code sections} equal parts along {@code axis}, as numpy.split with an integer. */
    static List<Tensor> split(Tensor x, int sections, int axis) {
        MathOps.check("split", "x", x);
        int a = Shape.normalizeAxis(axis, x.rank(), "split: axis");
        int n = x.shape().get(a);
        if (sections < 1) throw new IllegalArgumentException("split: sections must be >= 1, got " + sections);
        if (n % sections != 0) throw new IllegalArgumentException("split: axis " + axis + " of size " + n
                + " in shape " + x.shape() + " cannot be split into " + sections + " equal sections");
        int[] points = new int[sections - 1];
        for (int k = 1; k < sections; k++) points[k - 1] = k * (n / sections);
        return splitAt(x, points, a);
    }

    /** Parts {@code x[:i0], x[i0:i1], ..., x[ik:]} along {@code axis}, with Python's slice rules, as numpy.split. */
    static List<Tensor> split(Tensor x, int[] indices, int axis) {
        MathOps.check("split", "x", x);
        if (indices == null) throw new IllegalArgumentException("split: indices must not be null");
        return splitAt(x, indices, Shape.normalizeAxis(axis, x.rank(), "split: axis"));
    }

    private static List<Tensor> splitAt(Tensor x, int[] points, int a) {
        int n = x.shape().get(a), parts = points.length + 1;
        int[] begin = new int[parts], len = new int[parts];
        boolean tiled = true; // the parts lie end to end, so their gradients simply concatenate
        for (int k = 0; k < parts; k++) {
            int b = k == 0 ? 0 : clamp(points[k - 1], n), e = k == parts - 1 ? n : clamp(points[k], n);
            begin[k] = b;
            len[k] = Math.max(0, e - b);
            tiled &= e >= b;
        }
        int[] d = x.shape().dims();
        Tensor[] outs = new Tensor[parts];
        for (int k = 0; k < parts; k++) {
            int[] start = new int[d.length], dims = d.clone();
            start[a] = begin[k];
            dims[a] = len[k];
            outs[k] = Tensor.wrap(Gather.strided(x.unsafeBuffer(), d, start, ones(d.length), dims), Shape.of(dims));
        }
        if (Record.on()) {
            boolean contiguous = tiled;
            GradientTape.record(new Tensor[] {x}, outs, (gs, need) -> {
                if (contiguous) return new Tensor[] {concat(Arrays.asList(gs), a)};
                Tensor sum = null;
                for (int k = 0; k < parts; k++) {
                    int[] start = new int[d.length];
                    start[a] = begin[k];
                    Tensor part = embed(gs[k], start, ones(d.length), x.shape(), 0);
                    sum = sum == null ? part : MathOps.add(sum, part);
                }
                return new Tensor[] {sum};
            });
        }
        return List.of(outs);
    }

    /** Python's clamping of a slice bound for a positive step. */
    private static int clamp(int i, int n) {
        return i < 0 ? Math.max(0, i + n) : Math.min(i, n);
    }

    // ------------------------------------------------------------------ slicing and padding

    /**
     * numpy's {@code x[b0:e0:s0, b1:e1:s1, ...]} on the leading {@code begin.length} axes, the rest
     * whole. Bounds follow Python: negative ones count from the end, out-of-range ones are clamped,
     * so {@code Integer.MIN_VALUE} and {@code Integer.MAX_VALUE} act as open ends.
     */
    static Tensor slice(Tensor x, int[] begin, int[] end, int[] strides) {
        MathOps.check("slice", "x", x);
        if (begin == null || end == null || strides == null) throw new IllegalArgumentException(
                "slice: begin, end and strides must not be null");
        if (begin.length != end.length || begin.length != strides.length) throw new IllegalArgumentException(
                "slice: begin, end and strides must have the same length, got " + begin.length + ", " + end.length
                        + " and " + strides.length);
        if (begin.length > x.rank()) throw new IllegalArgumentException("slice: got " + begin.length
                + " begin indices for shape " + x.shape() + " of rank " + x.rank());
        int[] d = x.shape().dims(), start = new int[d.length], step = ones(d.length), dims = d.clone();
        for (int i = 0; i < begin.length; i++) {
            int s = strides[i], n = d[i];
            if (s == 0) throw new IllegalArgumentException("slice: strides[" + i + "] must be non-zero, got 0");
            int b = begin[i], e = end[i];
            if (s > 0) {
                b = clamp(b, n);
                e = clamp(e, n);
                dims[i] = e > b ? (int) (((long) e - b + s - 1) / s) : 0;
            } else {
                b = b < 0 ? Math.max(-1, b + n) : Math.min(b, n - 1);
                e = e < 0 ? Math.max(-1, e + n) : Math.min(e, n - 1);
                dims[i] = b > e ? (int) (((long) b - e - s - 1) / -s) : 0;
            }
            start[i] = b;
            step[i] = s;
        }
        return strided(x, start, step, dims);
    }

    /** {@code x[..., begin:end, ...]} on one axis, with Python's bounds. */
    static Tensor slice(Tensor x, int axis, int begin, int end) {
        MathOps.check("slice", "x", x);
        int a = Shape.normalizeAxis(axis, x.rank(), "slice: axis");
        int n = x.shape().get(a), b = clamp(begin, n), e = clamp(end, n);
        return sliceAxis(x, a, b, Math.max(b, e));
    }

    /**
     * {@code keras.ops.slice}: the block of the given {@code shape} starting at {@code startIndices},
     * one entry per axis; the block must lie inside x (Keras does not clamp here).
     */
    static Tensor sliceBlock(Tensor x, int[] startIndices, int[] shape) {
        MathOps.check("slice", "x", x);
        if (startIndices == null || shape == null) throw new IllegalArgumentException(
                "slice: startIndices and shape must not be null");
        int[] d = x.shape().dims();
        if (startIndices.length != d.length || shape.length != d.length) throw new IllegalArgumentException(
                "slice: expected " + d.length + " start indices and " + d.length + " sizes for shape " + x.shape()
                        + ", got " + startIndices.length + " and " + shape.length);
        for (int i = 0; i < d.length; i++)
            if (startIndices[i] < 0 || shape[i] < 0 || startIndices[i] + shape[i] > d[i]) throw new IllegalArgumentException(
                    "slice: the block starting at " + Shape.format(startIndices) + " with shape " + Shape.format(shape)
                            + " does not fit in shape " + x.shape() + " (axis " + i + ")");
        return strided(x, startIndices.clone(), ones(d.length), shape.clone());
    }

    private static Tensor sliceAxis(Tensor x, int a, int b, int e) {
        int[] start = new int[x.rank()], dims = x.shape().dims();
        start[a] = b;
        dims[a] = e - b;
        return strided(x, start, ones(x.rank()), dims);
    }

    /**
     * Pads with {@code constantValue}; {@code padWidth[i] = {before, after}} for axis {@code i}, or a
     * single pair for every axis, as numpy.pad in constant mode.
     */
    static Tensor pad(Tensor x, int[][] padWidth, double constantValue) {
        MathOps.check("pad", "x", x);
        int r = x.rank();
        if (padWidth == null || (padWidth.length != r && padWidth.length != 1)) throw new IllegalArgumentException(
                "pad: padWidth must hold one {before, after} pair per axis (" + r + " for shape " + x.shape()
                        + ") or a single pair for all, got " + (padWidth == null ? "null" : padWidth.length + " pairs"));
        int[] d = x.shape().dims(), before = new int[r], outDims = d.clone();
        for (int i = 0; i < r; i++) {
            int[] p = padWidth[padWidth.length == 1 ? 0 : i];
            if (p == null || p.length != 2 || p[0] < 0 || p[1] < 0) throw new IllegalArgumentException(
                    "pad: padWidth[" + (padWidth.length == 1 ? 0 : i) + "] must be two non-negative sizes {before, after}, got "
                            + Arrays.toString(p));
            before[i] = p[0];
            outDims[i] = d[i] + p[0] + p[1];
        }
        return embed(x, before, ones(r), Shape.of(outDims), constantValue);
    }

    /** The window {@code start + j * step} of {@code x}, of shape {@code dims}; its gradient embeds g back. */
    static Tensor strided(Tensor x, int[] start, int[] step, int[] dims) {
        Tensor out = Tensor.wrap(Gather.strided(x.unsafeBuffer(), x.shape().dims(), start, step, dims), Shape.of(dims));
        if (Record.on()) Record.unary(out, x, g -> embed(g, start, step, x.shape(), 0));
        return out;
    }

    /** {@code src} written at {@code start + j * step} into a tensor of {@code shape} filled with {@code fill}. */
    static Tensor embed(Tensor src, int[] start, int[] step, Shape shape, double fill) {
        Tensor out = Tensor.wrap(Gather.embed(src.unsafeBuffer(), src.shape().dims(), start, step, shape.dims(), (float) fill), shape);
        if (Record.on()) Record.unary(out, src, g -> strided(g, start, step, src.shape().dims()));
        return out;
    }

    // ------------------------------------------------------------------ tile and repeat

    /** numpy.tile: {@code reps} may be longer than the rank (x gains leading axes) or shorter (reps gains leading 1s). */
    static Tensor tile(Tensor x, int... reps) {
        MathOps.check("tile", "x", x);
        if (reps == null) throw new IllegalArgumentException("tile: reps must not be null");
        for (int rep : reps) if (rep < 0) throw new IllegalArgumentException(
                "tile: reps must be >= 0, got " + Arrays.toString(reps));
        int r = Math.max(x.rank(), reps.length);
        int[] d = x.shape().dims(), one = new int[2 * r], many = new int[2 * r], out = new int[r];
        for (int i = 0; i < r; i++) {
            int di = i < r - d.length ? 1 : d[i - (r - d.length)];
            int ri = i < r - reps.length ? 1 : reps[i - (r - reps.length)];
            one[2 * i] = 1;
            one[2 * i + 1] = di;
            many[2 * i] = ri;
            many[2 * i + 1] = di;
            out[i] = ri * di;
        }
        // (1, d0, 1, d1, ...) broadcast to (r0, d0, r1, d1, ...): broadcastTo's gradient sums the tiles
        Tensor wide = ShapeOps.broadcastTo(ShapeOps.reshape(x, Shape.of(one)), Shape.of(many));
        return ShapeOps.reshape(wide, Shape.of(out));
    }

    /** Each element repeated {@code repeats} times along {@code axis}, as numpy.repeat. */
    static Tensor repeat(Tensor x, int repeats, int axis) {
        MathOps.check("repeat", "x", x);
        int a = Shape.normalizeAxis(axis, x.rank(), "repeat: axis");
        if (repeats < 0) throw new IllegalArgumentException("repeat: repeats must be >= 0, got " + repeats);
        int[] d = x.shape().dims(), one = new int[d.length + 1], many = new int[d.length + 1], out = d.clone();
        for (int i = 0, k = 0; i <= d.length; i++) {
            one[i] = i == a + 1 ? 1 : d[k];
            many[i] = i == a + 1 ? repeats : d[k];
            if (i != a + 1) k++;
        }
        out[a] = d[a] * repeats;
        Tensor wide = ShapeOps.broadcastTo(ShapeOps.reshape(x, Shape.of(one)), Shape.of(many));
        return ShapeOps.reshape(wide, Shape.of(out));
    }

    /** Keras's {@code repeat(x, repeats)} without an axis: the flattened x, each element repeated. */
    static Tensor repeat(Tensor x, int repeats) {
        return repeat(ShapeOps.reshape(MathOps.check("repeat", "x", x), -1), repeats, 0);
    }

    /** Element {@code i} along {@code axis} repeated {@code repeats[i]} times (one count for all is allowed). */
    static Tensor repeat(Tensor x, int[] repeats, int axis) {
        MathOps.check("repeat", "x", x);
        int a = Shape.normalizeAxis(axis, x.rank(), "repeat: axis");
        int n = x.shape().get(a);
        if (repeats == null || (repeats.length != n && repeats.length != 1)) throw new IllegalArgumentException(
                "repeat: expected " + n + " repeat counts for axis " + axis + " of shape " + x.shape() + " (or one), got "
                        + (repeats == null ? "null" : repeats.length));
        if (repeats.length == 1) return repeat(x, repeats[0], axis);
        long total = 0;
        for (int c : repeats) {
            if (c < 0) throw new IllegalArgumentException("repeat: repeats must be >= 0, got " + Arrays.toString(repeats));
            total += c;
        }
        int[] idx = new int[Math.toIntExact(total)];
        for (int i = 0, k = 0; i < n; i++) for (int c = 0; c < repeats[i]; c++) idx[k++] = i;
        int[] outDims = x.shape().dims();
        outDims[a] = idx.length;
        return takeInts(x, idx, Shape.of(outDims), a);
    }

    // ------------------------------------------------------------------ indexing

    /**
     * numpy.take: the slices of {@code x} along {@code axis} picked by {@code indices} (integers held as
     * floats, any shape; negative ones count from the end); shape {@code x[:axis] + indices + x[axis+1:]}.
     */
    static Tensor take(Tensor x, Tensor indices, int axis) {
        MathOps.check("take", "x", x);
        MathOps.check("take", "indices", indices);
        int a = Shape.normalizeAxis(axis, x.rank(), "take: axis");
        int[] d = x.shape().dims(), id = indices.shape().dims();
        int[] idx = indices("take", indices.unsafeBuffer(), d[a], axis);
        int[] outDims = new int[d.length - 1 + id.length];
        System.arraycopy(d, 0, outDims, 0, a);
        System.arraycopy(id, 0, outDims, a, id.length);
        System.arraycopy(d, a + 1, outDims, a + id.length, d.length - a - 1);
        return takeInts(x, idx, Shape.of(outDims), a);
    }

    /** Rows of {@code x} (axis 0) picked by {@code indices}: the embedding lookup. */
    static Tensor gather(Tensor x, Tensor indices) {
        return take(x, indices, 0);
    }

    /**
     * numpy.take_along_axis: {@code out[..., j, ...] = x[..., indices[..., j, ...], ...]} along
     * {@code axis}; x and indices have one rank and broadcast against each other on the other axes.
     */
    static Tensor takeAlongAxis(Tensor x, Tensor indices, int axis) {
        MathOps.check("takeAlongAxis", "x", x);
        MathOps.check("takeAlongAxis", "indices", indices);
        if (indices.rank() != x.rank()) throw new IllegalArgumentException("takeAlongAxis: indices of shape "
                + indices.shape() + " must have the rank of x of shape " + x.shape());
        int a = Shape.normalizeAxis(axis, x.rank(), "takeAlongAxis: axis");
        int[] xd = x.shape().dims(), id = indices.shape().dims(), xt = xd.clone(), it = id.clone();
        for (int i = 0; i < xd.length; i++) {
            if (i == a) continue;
            if (xd[i] != id[i] && xd[i] != 1 && id[i] != 1) throw new IllegalArgumentException("takeAlongAxis: x of shape "
                    + x.shape() + " and indices of shape " + indices.shape() + " cannot be broadcast outside axis " + axis);
            xt[i] = it[i] = Math.max(xd[i], id[i]);
            if (xd[i] == 0 || id[i] == 0) xt[i] = it[i] = 0;
        }
        Tensor xb = Arrays.equals(xd, xt) ? x : ShapeOps.broadcastTo(x, Shape.of(xt));
        float[] ib = Arrays.equals(id, it) ? indices.unsafeBuffer() : Elementwise.broadcastTo(indices.unsafeBuffer(), id, it);
        return alongInts(xb, indices("takeAlongAxis", ib, xd[a], axis), Shape.of(it), a);
    }

    /** Integer indices from a float tensor, negative ones wrapped once, each checked against {@code n}. */
    private static int[] indices(String op, float[] v, int n, int axis) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            if (f != Math.rint(f) || Float.isInfinite(f)) throw new IllegalArgumentException(
                    op + ": indices must hold integers, got " + f + " at flat position " + i);
            if (f < -n || f >= n) throw new IllegalArgumentException(
                    op + ": index " + (long) f + " is out of range for axis " + axis + " of size " + n);
            out[i] = f < 0 ? (int) f + n : (int) f;
        }
        return out;
    }

    /** {@link #take} with checked indices; the output's layout is {@code (outer, idx.length, inner)}. */
    static Tensor takeInts(Tensor x, int[] idx, Shape outShape, int a) {
        int[] d = x.shape().dims();
        int[] l = Shape.lines(d, a, a);
        Tensor out = Tensor.wrap(Gather.take(x.unsafeBuffer(), l[0], l[1], l[2], idx), outShape);
        if (Record.on()) Record.unary(out, x, g -> scatterAddInts(g, idx, a, x.shape()));
        return out;
    }

    /** The adjoint of {@link #takeInts}: rows of g added into zeros of {@code shape} (duplicates accumulate). */
    static Tensor scatterAddInts(Tensor g, int[] idx, int a, Shape shape) {
        int[] d = shape.dims();
        int[] l = Shape.lines(d, a, a);
        Tensor out = Tensor.wrap(Gather.scatterAdd(g.unsafeBuffer(), l[0], l[1], l[2], idx), shape);
        if (Record.on()) Record.unary(out, g, gg -> takeInts(gg, idx, g.shape(), a));
        return out;
    }

    /** take_along_axis with checked indices of {@code idxShape}, equal to x's shape except on axis {@code a}. */
    static Tensor alongInts(Tensor x, int[] idx, Shape idxShape, int a) {
        int[] d = x.shape().dims();
        int[] l = Shape.lines(d, a, a);
        Tensor out = Tensor.wrap(Gather.takeAlong(x.unsafeBuffer(), l[0], l[1], l[2], idx), idxShape);
        if (Record.on()) Record.unary(out, x, g -> scatterAlongInts(g, idx, a, x.shape()));
        return out;
    }

    static Tensor scatterAlongInts(Tensor g, int[] idx, int a, Shape shape) {
        int[] d = shape.dims();
        int[] l = Shape.lines(d, a, a);
        Tensor out = Tensor.wrap(Gather.scatterAlong(g.unsafeBuffer(), l[0], l[1], l[2], idx), shape);
        if (Record.on()) Record.unary(out, g, gg -> alongInts(gg, idx, g.shape(), a));
        return out;
    }

    /**
     * A new axis of {@code numClasses} (at {@code axis}, default last) holding 1 at each index; indices
     * that are negative, too large or not integers give all zeros, as keras.ops.one_hot. Not differentiable.
     */
    static Tensor oneHot(Tensor indices, int numClasses, int axis) {
        MathOps.check("oneHot", "indices", indices);
        if (numClasses < 1) throw new IllegalArgumentException("oneHot: numClasses must be >= 1, got " + numClasses);
        int[] d = indices.shape().dims();
        int a = Shape.normalizeAxis(axis, d.length + 1, "oneHot: axis");
        int[] outDims = new int[d.length + 1];
        for (int i = 0, k = 0; i <= d.length; i++) outDims[i] = i == a ? numClasses : d[k++];
        int[] l = Shape.lines(d, a, a - 1); // (product of d[:a], 1, product of d[a:])
        return Tensor.wrap(Gather.oneHot(indices.unsafeBuffer(), l[0], l[2], numClasses), Shape.of(outDims));
    }

    static Tensor oneHot(Tensor indices, int numClasses) {
        return oneHot(indices, numClasses, -1);
    }

    // ------------------------------------------------------------------ helpers

    private static int[] ones(int n) {
        int[] o = new int[n];
        Arrays.fill(o, 1);
        return o;
    }
}
