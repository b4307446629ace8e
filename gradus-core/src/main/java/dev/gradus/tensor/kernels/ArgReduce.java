package dev.gradus.tensor.kernels;

/**
 * Index of the largest or smallest element along one axis of a tensor viewed as {@code (outer, n, inner)},
 * as numpy: the first occurrence wins ties, and the first NaN counts as both the maximum and the minimum.
 */
public final class ArgReduce {
    private ArgReduce() {}

    /** One index per line, as a float (exact below 2^24). */
    public static float[] argReduce(float[] in, int outer, int n, int inner, boolean max) {
        float[] out = new float[outer * inner];
        Parallel.forRange(outer, (long) n * inner, (lo, hi) -> {
            float[] best = new float[inner];
            for (int o = lo; o < hi; o++) {
                int base = o * n * inner;
                System.arraycopy(in, base, best, 0, inner);
                for (int s = 1; s < n; s++) {
                    int off = base + s * inner;
                    for (int j = 0; j < inner; j++) {
                        float v = in[off + j], b = best[j];
                        if (Float.isNaN(b)) continue;
                        if (Float.isNaN(v) || (max ? v > b : v < b)) {
                            best[j] = v;
                            out[o * inner + j] = s;
                        }
                    }
                }
            }
        });
        return out;
    }
}
