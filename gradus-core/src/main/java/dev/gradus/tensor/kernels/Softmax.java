package dev.gradus.tensor.kernels;

/**
 * Softmax, log-softmax and log-sum-exp along one axis of a tensor viewed as {@code (outer, n, inner)}.
 * Each line is shifted by its maximum before exponentiating (0 where the maximum is infinite, so a line
 * of all {@code -inf} has log-sum-exp {@code -inf}, as numpy and JAX); sums of exponentials accumulate
 * in double. When the axis is the last one ({@code inner == 1}) every line is a contiguous row.
 */
public final class Softmax {
    private Softmax() {}

    /** The softmax ({@code log == false}) or log-softmax of each line; same length as {@code in}. */
    public static float[] softmax(float[] in, int outer, int n, int inner, boolean log) {
        float[] out = new float[in.length];
        if (in.length == 0) return out;
        Parallel.forRange(outer * inner, 12L * n, (lo, hi) -> {
            if (inner == 1) {
                for (int r = lo; r < hi; r++) row(in, out, r * n, n, log);
                return;
            }
            for (int line = lo; line < hi; ) {
                int o = line / inner, a = line % inner, w = Math.min(inner - a, hi - line);
                int base = o * n * inner + a;
                float[] shift = new float[w];
                double[] sum = new double[w];
                stats(in, base, n, inner, shift, sum);
                for (int j = 0; j < w; j++) sum[j] = log ? Math.log(sum[j]) : 1 / sum[j];
                for (int k = 0; k < n; k++) {
                    int off = base + k * inner;
                    for (int j = 0; j < w; j++) {
                        double z = in[off + j] - shift[j];
                        out[off + j] = (float) (log ? z - sum[j] : Math.exp(z) * sum[j]);
                    }
                }
                line += w;
            }
        });
        return out;
    }

    /** {@code log(sum(exp(line)))} for each of the {@code outer * inner} lines. */
    public static float[] logSumExp(float[] in, int outer, int n, int inner) {
        float[] out = new float[outer * inner];
        Parallel.forRange(outer * inner, 12L * n, (lo, hi) -> {
            for (int line = lo; line < hi; ) {
                int o = line / inner, a = line % inner, w = Math.min(inner - a, hi - line);
                float[] shift = new float[w];
                double[] sum = new double[w];
                stats(in, o * n * inner + a, n, inner, shift, sum);
                for (int j = 0; j < w; j++) out[line + j] = (float) (shift[j] + Math.log(sum[j]));
                line += w;
            }
        });
        return out;
    }

    /** One contiguous row; {@code out} may be {@code in} (each element is read before it is written). */
    static void row(float[] in, float[] out, int from, int n, boolean log) {
        float m = Float.NEGATIVE_INFINITY;
        for (int k = from; k < from + n; k++) m = Math.max(m, in[k]);
        float shift = Float.isInfinite(m) ? 0 : m;
        float[] exps = log ? null : out;
        double sum = VectorSupport.enabled() ? VectorMath.expShifted(in, from, n, shift, exps)
                : expShifted(in, from, n, shift, exps);
        if (log) {
            double logSum = Math.log(sum);
            for (int k = from; k < from + n; k++) out[k] = (float) ((in[k] - shift) - logSum);
        } else {
            double inv = 1 / sum;
            for (int k = from; k < from + n; k++) out[k] = (float) (out[k] * inv);
        }
    }

    /** The scalar twin of {@link VectorMath#expShifted}. */
    static double expShifted(float[] in, int from, int n, float shift, float[] out) {
        double sum = 0;
        for (int k = from; k < from + n; k++) {
            double e = Math.exp(in[k] - shift);
            if (out != null) out[k] = (float) e;
            sum += out != null ? (float) e : e;
        }
        return sum;
    }

    /** Per column {@code j < shift.length} of the block at {@code base}: the shift and the sum of exponentials. */
    private static void stats(float[] in, int base, int n, int inner, float[] shift, double[] sum) {
        int w = shift.length;
        java.util.Arrays.fill(shift, Float.NEGATIVE_INFINITY);
        for (int k = 0; k < n; k++) {
            int off = base + k * inner;
            for (int j = 0; j < w; j++) shift[j] = Math.max(shift[j], in[off + j]);
        }
        for (int j = 0; j < w; j++) if (Float.isInfinite(shift[j])) shift[j] = 0;
        for (int k = 0; k < n; k++) {
            int off = base + k * inner;
            for (int j = 0; j < w; j++) sum[j] += Math.exp(in[off + j] - shift[j]);
        }
    }
}
