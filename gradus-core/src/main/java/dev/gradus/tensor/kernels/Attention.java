package dev.gradus.tensor.kernels;

/**
 * Scaled dot-product attention, fused: per (batch, head) block, {@code softmax(scale·Q·Kᵀ, masked)·V}
 * with the logits and probabilities of that block only, and its gradient. The operands stay in the
 * {@code (batch, steps, heads, dim)} layout of keras.ops.dot_product_attention; each block is read and
 * written through row strides, so nothing is transposed.
 *
 * <p>Masking is JAX's {@code dot_product_attention} rule (Keras's JAX backend): a masked logit is
 * replaced by {@link #MASKED_LOGIT}, so a row whose keys are all masked averages the values
 * uniformly, and a partly masked row gives exactly 0 weight to its masked keys. The softmax of each
 * row is {@link Softmax}'s ({@code Ops.softmax}) on the scalar path, and within an ulp of it on the
 * vector path ({@link VectorAttention#softmaxRows}).
 *
 * <p>Query heads {@code n} read key/value head {@code n / (heads / kvHeads)} (grouped-query
 * attention when {@code kvHeads < heads}). Blocks run in parallel across {@code batch·heads}; each
 * block is computed by one thread with the same code whatever the thread count, so the bits do not
 * depend on it.
 */
public final class Attention {
    /** JAX's masked logit, {@code -0.7 · float32 max}: finite, so a fully masked row stays uniform. */
    public static final float MASKED_LOGIT = (float) (-0.7 * Float.MAX_VALUE);

    private Attention() {}

    /**
     * The sizes of one call, and where its mask lies. The mask (0 = masked) is read as broadcast to
     * {@code (batch, heads, T, S)} through one stride per axis (0 on a broadcast axis); null means no mask.
     */
    public static final class Geometry {
        final int batch, t, s, heads, kvHeads, dim, valueDim;
        final float scale;
        final float[] mask;
        final int mb, mn, mt, ms;
        final boolean causal;

        /** {@code maskStrides} is {@code (batch, heads, T, S)} strides into {@code mask}; ignored when mask is null. */
        public Geometry(int batch, int t, int s, int heads, int kvHeads, int dim, int valueDim, float scale,
                        float[] mask, int[] maskStrides, boolean causal) {
            this.batch = batch;
            this.t = t;
            this.s = s;
            this.heads = heads;
            this.kvHeads = kvHeads;
            this.dim = dim;
            this.valueDim = valueDim;
            this.scale = scale;
            this.mask = mask;
            this.mb = mask == null ? 0 : maskStrides[0];
            this.mn = mask == null ? 0 : maskStrides[1];
            this.mt = mask == null ? 0 : maskStrides[2];
            this.ms = mask == null ? 0 : maskStrides[3];
            this.causal = causal;
        }

        boolean masks() {
            return mask != null || causal;
        }

        /** Offset of query head {@code n} of batch row {@code b} in query and output. */
        int qOff(int b, int n, int width) {
            return b * t * heads * width + n * width;
        }

        /** Offset of key/value head {@code kh} of batch row {@code b}. */
        int kvOff(int b, int kh, int width) {
            return b * s * kvHeads * width + kh * width;
        }

        int group() {
            return heads / kvHeads;
        }
    }

    /**
     * The attention output {@code (batch, T, heads, valueDim)}, written into {@code out}. When
     * {@code probs} is not null, the probabilities of every block are kept there, {@code (batch, heads,
     * T, S)}, for {@link #backward}; otherwise each thread reuses one block of scratch. Needs
     * {@code T, S, valueDim > 0} (the caller answers the empty cases).
     */
    public static void forward(Geometry g, float[] q, float[] k, float[] v, float[] probs, float[] out) {
        int units = g.batch * g.heads, ts = g.t * g.s;
        long cost = 2L * ts * (g.dim + g.valueDim) + 16L * ts;
        Parallel.forRange(units, cost, (lo, hi) -> {
            float[] scratch = probs == null ? new float[ts] : null;
            float[] rowScratch = VectorSupport.enabled() ? VectorAttention.newScratch() : null;
            for (int u = lo; u < hi; u++) {
                int b = u / g.heads, n = u % g.heads, kh = n / g.group();
                float[] p = probs == null ? scratch : probs;
                int pOff = probs == null ? 0 : u * ts;
                // dim 0: every logit is 0 (and the operands have no rows to stride over)
                if (g.dim == 0) java.util.Arrays.fill(p, pOff, pOff + ts, 0f);
                else Gemm.sgemm(false, true, g.t, g.s, g.dim, g.scale, q, g.qOff(b, n, g.dim), g.heads * g.dim,
                        k, g.kvOff(b, kh, g.dim), g.kvHeads * g.dim, 0f, p, pOff, g.s);
                if (g.masks()) for (int i = 0; i < g.t; i++) mask(g, b, n, i, p, pOff + i * g.s, MASKED_LOGIT);
                if (VectorSupport.enabled()) VectorAttention.softmaxRows(p, pOff, g.t, g.s, rowScratch);
                else for (int i = 0; i < g.t; i++) Softmax.row(p, p, pOff + i * g.s, g.s, false);
                Gemm.sgemm(false, false, g.t, g.valueDim, g.s, 1f, p, pOff, g.s, v, g.kvOff(b, kh, g.valueDim),
                        g.kvHeads * g.valueDim, 0f, out, g.qOff(b, n, g.valueDim), g.heads * g.valueDim);
            }
        });
    }

    /**
     * The gradients of the inputs of {@link #forward} given the output's gradient {@code dOut}, from the
     * kept probabilities: {@code dV = Pᵀ·dO}, {@code dP = dO·Vᵀ}, {@code dLogits = P ⊙ (dP − rowsum(dP ⊙
     * P))} (0 where masked), {@code dQ = scale·dLogits·K}, {@code dK = scale·dLogitsᵀ·Q}. Every element
     * of each non-null gradient array is written; a null one is skipped. Needs {@code T, S, valueDim > 0}.
     */
    public static void backward(Geometry g, float[] q, float[] k, float[] v, float[] probs, float[] dOut,
                                float[] dq, float[] dk, float[] dv) {
        int ts = g.t * g.s, group = g.group();
        boolean logits = (dq != null || dk != null) && g.dim > 0;
        long cost = 4L * ts * (g.dim + g.valueDim) + 16L * ts;
        // one unit per key/value head: the query heads of its group add into the same dK and dV rows
        Parallel.forRange(g.batch * g.kvHeads, cost * group, (lo, hi) -> {
            float[] dp = logits ? new float[ts] : null;
            float[] tr = new float[Math.max(g.dim, g.valueDim) * g.s];
            float[] rowScratch = VectorSupport.enabled() ? VectorAttention.newScratch() : null;
            for (int u = lo; u < hi; u++) {
                int b = u / g.kvHeads, kh = u % g.kvHeads;
                int kOff = g.kvOff(b, kh, g.dim), vOff = g.kvOff(b, kh, g.valueDim);
                int kLd = g.kvHeads * g.dim, vLd = g.kvHeads * g.valueDim;
                for (int j = 0; j < group; j++) {
                    int n = kh * group + j, pOff = (b * g.heads + n) * ts;
                    int oOff = g.qOff(b, n, g.valueDim), oLd = g.heads * g.valueDim;
                    boolean add = j > 0;
                    // dV and dK are computed transposed, (dim, S) = op(dim, T)·(T, S), and written back
                    // transposed: Pᵀ·dO with Pᵀ packed from 200x200 P took twice as long as dOᵀ·P
                    if (dv != null) {
                        Gemm.sgemm(true, false, g.valueDim, g.s, g.t, 1f, dOut, oOff, oLd, probs, pOff, g.s, 0f, tr, 0, g.s);
                        scatterTransposed(tr, g.valueDim, g.s, dv, vOff, vLd, add);
                    }
                    if (!logits) continue;
                    Gemm.sgemm(false, true, g.t, g.s, g.valueDim, 1f, dOut, oOff, oLd, v, vOff, vLd, 0f, dp, 0, g.s);
                    if (VectorSupport.enabled()) VectorAttention.softmaxGradRows(probs, pOff, dp, 0, g.t, g.s, rowScratch);
                    else for (int i = 0; i < g.t; i++) softmaxGrad(probs, pOff + i * g.s, dp, i * g.s, g.s);
                    // a fully masked row has uniform weights but no path from its logits
                    if (g.masks()) for (int i = 0; i < g.t; i++) mask(g, b, n, i, dp, i * g.s, 0f);
                    int qOff = g.qOff(b, n, g.dim), qLd = g.heads * g.dim;
                    if (dq != null) Gemm.sgemm(false, false, g.t, g.dim, g.s, g.scale, dp, 0, g.s, k, kOff, kLd,
                            0f, dq, qOff, qLd);
                    if (dk != null) {
                        Gemm.sgemm(true, false, g.dim, g.s, g.t, g.scale, q, qOff, qLd, dp, 0, g.s, 0f, tr, 0, g.s);
                        scatterTransposed(tr, g.dim, g.s, dk, kOff, kLd, add);
                    }
                }
            }
        });
    }

    /** {@code dst[s, c] (+)= src[c, s]} for the (rows x cols) {@code src}; {@code dst}'s rows are {@code ld} apart. */
    private static void scatterTransposed(float[] src, int rows, int cols, float[] dst, int off, int ld, boolean add) {
        for (int s = 0; s < cols; s++) {
            int d = off + s * ld;
            if (add) for (int c = 0; c < rows; c++) dst[d + c] += src[c * cols + s];
            else for (int c = 0; c < rows; c++) dst[d + c] = src[c * cols + s];
        }
    }

    /** Sets the masked entries of row {@code i} of block (b, n), stored at {@code x[from..]}, to {@code value}. */
    private static void mask(Geometry g, int b, int n, int i, float[] x, int from, float value) {
        int end = g.s;
        if (g.causal) {
            // Keras's causal mask: query step i sees key steps j <= i
            for (int j = Math.max(0, i + 1); j < end; j++) x[from + j] = value;
            end = Math.min(end, i + 1);
        }
        if (g.mask == null) return;
        float[] m = g.mask;
        int base = b * g.mb + n * g.mn + i * g.mt;
        for (int j = 0; j < end; j++) if (m[base + j * g.ms] == 0f) x[from + j] = value;
    }

    /** {@code dp[j] = p[j] · (dp[j] − Σ p·dp)} over one row. */
    private static void softmaxGrad(float[] p, int pFrom, float[] dp, int dFrom, int n) {
        double dot = 0;
        for (int j = 0; j < n; j++) dot += p[pFrom + j] * dp[dFrom + j];
        float r = (float) dot;
        for (int j = 0; j < n; j++) dp[dFrom + j] = p[pFrom + j] * (dp[dFrom + j] - r);
    }
}
