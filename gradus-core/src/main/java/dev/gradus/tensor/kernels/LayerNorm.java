package dev.gradus.tensor.kernels;

/**
 * Layer normalisation over the last axis, fused: one pass per row computes the mean, the variance and
 * the output, and one pass per row the input gradient, where the composed ops (mean, subtract, square,
 * mean, rsqrt, multiply, add, each with a taped rule) made some twenty passes over the activations with
 * broadcasting. The formula is Keras's: {@code inv = rsqrt(var + epsilon) * gamma},
 * {@code y = x * inv + (beta - mean * inv)}, the variance the mean of squared deviations.
 *
 * <p>Sums over a row run in four interleaved partial sums (one dependency chain each), added as
 * {@code (s0 + s1) + (s2 + s3)}. The gradients of gamma and beta are summed per block of
 * {@link #BLOCK} rows, then over the blocks in order, so their bits do not depend on the thread count.
 */
public final class LayerNorm {
    /** Rows per partial sum of the gamma and beta gradients. */
    static final int BLOCK = 128;

    private LayerNorm() {}

    /**
     * {@code y} for {@code rows} rows of {@code n} floats; {@code mean} and {@code rstd} (one per row, may
     * be null) receive what the backward pass needs. {@code gamma} and {@code beta} (length n) may be null.
     */
    public static void forward(float[] x, int rows, int n, float[] gamma, float[] beta, float epsilon,
                               float[] y, float[] mean, float[] rstd) {
        float invN = (float) (1.0 / n);
        boolean vector = VectorSupport.enabled();
        Parallel.forRange(rows, 6L * n, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * n;
                float mu = sum(x, o, n) * invN;
                float var = sumSquaredDeviations(x, o, n, mu) * invN;
                float s = (float) (1 / Math.sqrt(var + epsilon));
                if (mean != null) {
                    mean[r] = mu;
                    rstd[r] = s;
                }
                if (vector) VectorLayerNorm.output(x, o, n, gamma, beta, mu, s, y);
                else for (int j = 0; j < n; j++) {
                    float inv = gamma == null ? s : s * gamma[j];
                    float shift = beta == null ? -(mu * inv) : beta[j] - mu * inv;
                    y[o + j] = x[o + j] * inv + shift;
                }
            }
        });
    }

    /**
     * The gradients of {@link #forward} given {@code dy}: {@code dx} (may be null) and, summed over the rows,
     * {@code dGamma} and {@code dBeta} (each may be null). With {@code xh = (x - mean) * rstd} and
     * {@code g = dy * gamma}: {@code dx = rstd * (g - mean(g) - xh * mean(g * xh))}.
     */
    public static void backward(float[] x, float[] dy, int rows, int n, float[] gamma, float[] mean, float[] rstd,
                                float[] dx, float[] dGamma, float[] dBeta) {
        float invN = (float) (1.0 / n);
        int blocks = (rows + BLOCK - 1) / BLOCK;
        boolean params = dGamma != null || dBeta != null;
        float[] partGamma = dGamma == null ? null : new float[blocks * n];
        float[] partBeta = dBeta == null ? null : new float[blocks * n];
        boolean vector = VectorSupport.enabled();
        Parallel.forRange(blocks, (long) BLOCK * n * 10, (b0, b1) -> {
            float[] g = new float[n], xh = new float[n];
            for (int b = b0; b < b1; b++) {
                for (int r = b * BLOCK, end = Math.min(rows, r + BLOCK); r < end; r++) {
                    int o = r * n;
                    float mu = mean[r], s = rstd[r];
                    // each elementwise loop on the Vector API when enabled (VectorLayerNorm: the same bits);
                    // the row sums stay scalar here for both paths
                    if (vector) VectorLayerNorm.normalisedAndScaled(x, dy, o, n, gamma, mu, s, xh, g);
                    else for (int j = 0; j < n; j++) {
                        xh[j] = (x[o + j] - mu) * s;
                        g[j] = gamma == null ? dy[o + j] : dy[o + j] * gamma[j];
                    }
                    if (params) {
                        int p = b * n;
                        if (vector) VectorLayerNorm.addParameterGradients(dy, o, n, xh, partGamma, partBeta, p);
                        else for (int j = 0; j < n; j++) {
                            if (partGamma != null) partGamma[p + j] += dy[o + j] * xh[j];
                            if (partBeta != null) partBeta[p + j] += dy[o + j];
                        }
                    }
                    if (dx == null) continue;
                    float meanG = sum(g, 0, n) * invN, meanGx = dot(g, xh, n) * invN;
                    if (vector) VectorLayerNorm.inputGradient(g, xh, n, s, meanG, meanGx, dx, o);
                    else for (int j = 0; j < n; j++) dx[o + j] = s * (g[j] - meanG - xh[j] * meanGx);
                }
            }
        });
        if (dGamma != null) sumBlocks(partGamma, blocks, n, dGamma);
        if (dBeta != null) sumBlocks(partBeta, blocks, n, dBeta);
    }

    private static void sumBlocks(float[] parts, int blocks, int n, float[] out) {
        for (int j = 0; j < n; j++) out[j] = blocks == 0 ? 0f : parts[j]; // no rows: a zero gradient
        for (int b = 1; b < blocks; b++) for (int j = 0; j < n; j++) out[j] += parts[b * n + j];
    }

    /** x[o .. o + n) summed in four interleaved chains. */
    private static float sum(float[] x, int o, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += x[o + j];
            s1 += x[o + j + 1];
            s2 += x[o + j + 2];
            s3 += x[o + j + 3];
        }
        for (; j < n; j++) s0 += x[o + j];
        return (s0 + s1) + (s2 + s3);
    }

    /** The sum of (x - mu)^2 over x[o .. o + n), in four interleaved chains. */
    private static float sumSquaredDeviations(float[] x, int o, int n, float mu) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            float d0 = x[o + j] - mu, d1 = x[o + j + 1] - mu, d2 = x[o + j + 2] - mu, d3 = x[o + j + 3] - mu;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; j < n; j++) {
            float d = x[o + j] - mu;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The sum of a[j] * b[j] over the first n, in four interleaved chains. */
    private static float dot(float[] a, float[] b, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
        }
        for (; j < n; j++) s0 += a[j] * b[j];
        return (s0 + s1) + (s2 + s3);
    }
}
