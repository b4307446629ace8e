package dev.gradus.tensor.kernels;

import java.util.Arrays;

/**
 * Reductions over any set of axes. Adjacent axes of the same kind (reduced or kept) are merged, so
 * the loop is a few nested runs of contiguous memory; sums and products accumulate in double.
 */
public final class Reduce {
    public enum Kind { SUM, PROD, MAX, MIN }

    private Reduce() {}

    /** Reduces {@code in} (shape {@code dims}) over the axes flagged in {@code reduced}. */
    public static float[] reduce(Kind kind, float[] in, int[] dims, boolean[] reduced) {
        int outSize = 1;
        for (int i = 0; i < dims.length; i++) if (!reduced[i]) outSize *= dims[i];
        double init = kind == Kind.SUM ? 0 : kind == Kind.PROD ? 1
                : kind == Kind.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        double[] acc = new double[outSize];
        Arrays.fill(acc, init);
        if (in.length > 0) {
            // merge adjacent axes of the same kind; drop size-1 axes
            int[] md = new int[dims.length];
            boolean[] mr = new boolean[dims.length];
            int n = 0;
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == 1) continue;
                if (n > 0 && mr[n - 1] == reduced[i]) md[n - 1] *= dims[i];
                else {
                    md[n] = dims[i];
                    mr[n] = reduced[i];
                    n++;
                }
            }
            if (n == 0) accumulate(kind, acc, 0, in, 0, 1, true);
            else run(kind, in, Arrays.copyOf(md, n), Arrays.copyOf(mr, n), acc);
        }
        float[] out = new float[outSize];
        for (int i = 0; i < outSize; i++) out[i] = (float) acc[i];
        return out;
    }

    private static void run(Kind kind, float[] in, int[] md, boolean[] mr, double[] acc) {
        int n = md.length;
        int inner = md[n - 1];
        boolean innerReduced = mr[n - 1];
        int rows = in.length / inner;
        // output stride of each merged outer axis (0 where reduced)
        int[] outStride = new int[n];
        int s = 1;
        for (int i = n - 1; i >= 0; i--) {
            outStride[i] = mr[i] ? 0 : s;
            if (!mr[i]) s *= md[i];
        }
        boolean outerKept = true;
        for (int i = 0; i < n - 1; i++) outerKept &= !mr[i];
        if (innerReduced && outerKept) {
            // each row feeds exactly one output: rows split across threads safely
            Parallel.forRange(rows, inner, (lo, hi) -> {
                for (int r = lo; r < hi; r++) accumulate(kind, acc, r, in, r * inner, inner, true);
            });
            return;
        }
        int[] idx = new int[n - 1];
        int o = 0;
        for (int r = 0; r < rows; r++) {
            accumulate(kind, acc, o, in, r * inner, inner, innerReduced);
            for (int d = n - 2; d >= 0; d--) {
                o += outStride[d];
                if (++idx[d] < md[d]) break;
                o -= outStride[d] * md[d];
                idx[d] = 0;
            }
        }
    }

    /** Folds {@code in[from, from + len)} into {@code acc[o]} (one output) or {@code acc[o + i]} (a row). */
    private static void accumulate(Kind kind, double[] acc, int o, float[] in, int from, int len, boolean toOne) {
        if (toOne) {
            double a = acc[o];
            switch (kind) {
                case SUM: for (int i = 0; i < len; i++) a += in[from + i]; break;
                case PROD: for (int i = 0; i < len; i++) a *= in[from + i]; break;
                case MAX: for (int i = 0; i < len; i++) a = Math.max(a, in[from + i]); break;
                default: for (int i = 0; i < len; i++) a = Math.min(a, in[from + i]); break;
            }
            acc[o] = a;
            return;
        }
        switch (kind) {
            case SUM: for (int i = 0; i < len; i++) acc[o + i] += in[from + i]; break;
            case PROD: for (int i = 0; i < len; i++) acc[o + i] *= in[from + i]; break;
            case MAX: for (int i = 0; i < len; i++) acc[o + i] = Math.max(acc[o + i], in[from + i]); break;
            default: for (int i = 0; i < len; i++) acc[o + i] = Math.min(acc[o + i], in[from + i]); break;
        }
    }
}
