package dev.gradus.tensor.kernels;

/**
 * Cumulative sums and products along one axis of a tensor viewed as {@code (outer, n, inner)}. The
 * running value of each line is kept in double and rounded once per element.
 */
public final class Scan {
    private Scan() {}

    /** Running sums from the start of each line, or from its end when {@code reverse}. */
    public static float[] cumsum(float[] in, int outer, int n, int inner, boolean reverse) {
        return scan(in, outer, n, inner, reverse, false);
    }

    public static float[] cumprod(float[] in, int outer, int n, int inner) {
        return scan(in, outer, n, inner, false, true);
    }

    private static float[] scan(float[] in, int outer, int n, int inner, boolean reverse, boolean product) {
        float[] out = new float[in.length];
        if (in.length == 0) return out;
        Parallel.forRange(outer, (long) n * inner, (lo, hi) -> {
            double[] acc = new double[inner];
            for (int o = lo; o < hi; o++) {
                java.util.Arrays.fill(acc, product ? 1 : 0);
                for (int s = 0; s < n; s++) {
                    int off = (o * n + (reverse ? n - 1 - s : s)) * inner;
                    for (int j = 0; j < inner; j++) {
                        acc[j] = product ? acc[j] * in[off + j] : acc[j] + in[off + j];
                        out[off + j] = (float) acc[j];
                    }
                }
            }
        });
        return out;
    }

    /** 1 at the first zero of each line, 0 elsewhere: cumulative products route their gradient by it. */
    public static float[] firstZero(float[] in, int outer, int n, int inner) {
        float[] out = new float[in.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                for (int s = 0; s < n; s++) {
                    int i = (o * n + s) * inner + j;
                    if (in[i] == 0) {
                        out[i] = 1;
                        break;
                    }
                }
            }
        }
        return out;
    }
}
