package dev.gradus.tensor.kernels;

import java.util.Arrays;

/**
 * Copies that move whole elements around: strided windows, concatenation, index gathers and their
 * adjoints (scatter-adds). Axis-wise kernels see the tensor as {@code (outer, n, inner)}, with
 * {@code n} the size of the axis they work on.
 */
public final class Gather {
    private Gather() {}

    /**
     * The window of {@code big} that starts at {@code start} and advances by {@code step} along each
     * axis, of shape {@code smallDims} (all arrays of the same length).
     */
    public static float[] strided(float[] big, int[] bigDims, int[] start, int[] step, int[] smallDims) {
        float[] small = new float[Elementwise.sizeOf(smallDims)];
        walk(big, bigDims, start, step, small, smallDims, false);
        return small;
    }

    /** The adjoint of {@link #strided}: {@code small} written into a {@code bigDims} array of {@code fill}. */
    public static float[] embed(float[] small, int[] smallDims, int[] start, int[] step, int[] bigDims, float fill) {
        float[] big = new float[Elementwise.sizeOf(bigDims)];
        if (fill != 0) Arrays.fill(big, fill);
        walk(big, bigDims, start, step, small, smallDims, true);
        return big;
    }

    private static void walk(float[] big, int[] bigDims, int[] start, int[] step, float[] small, int[] smallDims, boolean toBig) {
        if (small.length == 0) return;
        int r = smallDims.length;
        if (r == 0) {
            if (toBig) big[0] = small[0];
            else small[0] = big[0];
            return;
        }
        int[] bigStrides = new int[r];
        for (int i = r - 1, acc = 1; i >= 0; i--) {
            bigStrides[i] = acc;
            acc *= bigDims[i];
        }
        int origin = 0;
        for (int i = 0; i < r; i++) origin += start[i] * bigStrides[i];
        int base = origin;
        int len = smallDims[r - 1], lastStep = step[r - 1];
        int rows = small.length / len;
        Parallel.forRange(rows, len, (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                int off = base;
                for (int i = r - 2, rest = row; i >= 0; i--) {
                    off += (rest % smallDims[i]) * step[i] * bigStrides[i];
                    rest /= smallDims[i];
                }
                int s = row * len;
                if (lastStep == 1) {
                    if (toBig) System.arraycopy(small, s, big, off, len);
                    else System.arraycopy(big, off, small, s, len);
                } else if (toBig) {
                    for (int j = 0; j < len; j++) big[off + j * lastStep] = small[s + j];
                } else {
                    for (int j = 0; j < len; j++) small[s + j] = big[off + j * lastStep];
                }
            }
        });
    }

    /** Concatenates {@code parts[k]} of shape {@code (outer, lens[k], inner)} along the middle axis. */
    public static float[] concat(float[][] parts, int[] lens, int outer, int inner) {
        int total = 0;
        for (int l : lens) total += l;
        int width = total * inner;
        float[] out = new float[outer * width];
        Parallel.forRange(outer, width, (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                for (int k = 0, at = o * width; k < parts.length; k++) {
                    int n = lens[k] * inner;
                    System.arraycopy(parts[k], o * n, out, at, n);
                    at += n;
                }
            }
        });
        return out;
    }

    /** {@code out[o, j, :] = x[o, idx[j], :]} for {@code x} of shape {@code (outer, n, inner)}. */
    public static float[] take(float[] x, int outer, int n, int inner, int[] idx) {
        int m = idx.length;
        float[] out = new float[outer * m * inner];
        if (outer == 1) {
            // the embedding lookup: one row copy per index
            Parallel.forRange(m, inner, (lo, hi) -> {
                for (int j = lo; j < hi; j++) System.arraycopy(x, idx[j] * inner, out, j * inner, inner);
            });
        } else {
            Parallel.forRange(outer, (long) m * inner, (lo, hi) -> {
                for (int o = lo; o < hi; o++)
                    for (int j = 0; j < m; j++) System.arraycopy(x, (o * n + idx[j]) * inner, out, (o * m + j) * inner, inner);
            });
        }
        return out;
    }

    /** The adjoint of {@link #take}: rows of {@code g} {@code (outer, idx.length, inner)} added into {@code (outer, n, inner)}. */
    public static float[] scatterAdd(float[] g, int outer, int n, int inner, int[] idx) {
        int m = idx.length;
        float[] out = new float[outer * n * inner];
        if (outer == 1) {
            // split by columns so that duplicate indices never race
            Parallel.forRange(inner, m, (lo, hi) -> {
                for (int j = 0; j < m; j++) {
                    int src = j * inner, dst = idx[j] * inner;
                    for (int c = lo; c < hi; c++) out[dst + c] += g[src + c];
                }
            });
        } else {
            Parallel.forRange(outer, (long) m * inner, (lo, hi) -> {
                for (int o = lo; o < hi; o++)
                    for (int j = 0; j < m; j++) {
                        int src = (o * m + j) * inner, dst = (o * n + idx[j]) * inner;
                        for (int c = 0; c < inner; c++) out[dst + c] += g[src + c];
                    }
            });
        }
        return out;
    }

    /**
     * {@code out[o, j, i] = x[o, idx[o, j, i], i]} for {@code x} of shape {@code (outer, n, inner)} and
     * {@code idx} of shape {@code (outer, m, inner)}.
     */
    public static float[] takeAlong(float[] x, int outer, int n, int inner, int[] idx) {
        int per = idx.length / Math.max(1, outer), m = inner == 0 ? 0 : per / inner;
        float[] out = new float[idx.length];
        Parallel.forRange(outer, per, (lo, hi) -> {
            for (int o = lo; o < hi; o++)
                for (int j = 0; j < m; j++)
                    for (int i = 0, k = (o * m + j) * inner; i < inner; i++, k++) out[k] = x[(o * n + idx[k]) * inner + i];
        });
        return out;
    }

    /** The adjoint of {@link #takeAlong}: {@code g} (shaped as {@code idx}) added into {@code (outer, n, inner)}. */
    public static float[] scatterAlong(float[] g, int outer, int n, int inner, int[] idx) {
        int per = idx.length / Math.max(1, outer), m = inner == 0 ? 0 : per / inner;
        float[] out = new float[outer * n * inner];
        Parallel.forRange(outer, per, (lo, hi) -> {
            for (int o = lo; o < hi; o++)
                for (int j = 0; j < m; j++)
                    for (int i = 0, k = (o * m + j) * inner; i < inner; i++, k++) out[(o * n + idx[k]) * inner + i] += g[k];
        });
        return out;
    }

    /**
     * One-hot rows: {@code out[o, c, i] = 1} where {@code idx[o, i] == c}, for {@code idx} of shape
     * {@code (outer, inner)}; values that are not an integer in {@code [0, classes)} give all zeros.
     */
    public static float[] oneHot(float[] idx, int outer, int inner, int classes) {
        float[] out = new float[outer * classes * inner];
        Parallel.forRange(outer, (long) classes * inner, (lo, hi) -> {
            for (int o = lo; o < hi; o++)
                for (int i = 0; i < inner; i++) {
                    float v = idx[o * inner + i];
                    int c = (int) v;
                    if (c == v && c >= 0 && c < classes) out[(o * classes + c) * inner + i] = 1;
                }
        });
        return out;
    }
}
