package dev.gradus.tensor.kernels;

import dev.gradus.tensor.kernels.Conv.Geometry;

/**
 * The kernel and bias gradients of {@code maxPool(relu(conv(x, kernel) + bias))} straight from the pool's output
 * gradient, for a convolution whose input needs no gradient (a network's first layer) and pool windows that do
 * not overlap. The gradient of the convolution's output is nonzero only at each window's maximum, and only where
 * that maximum is positive; formed at full size it is written once and read back by the kernel gradient's
 * product (mnist_convnet's first layer: 11 MB each way per step, for a product of 50 MFLOP). Here each pooled
 * gradient, masked, is multiplied into the kernel gradient at its maximum's patch directly.
 *
 * <p>The pooled element {@code i} of channel {@code oc} came from the convolution's output at {@code index[i]};
 * with {@code gm = (0 + dy[i]) * (pooled[i] > 0 ? 1 : 0)} (the fused ReLU mask's value, {@code Pool.maskedGradient}),
 * {@code dk[p, oc] += patch(index[i])[p] * gm} and {@code db[oc] += gm}. Images are split into one chunk per
 * thread, each with its own partial sums, added in chunk order; the sums run in another order than the product's,
 * so the kernel gradient's rounding differs from the dense path's.
 */
public final class PooledFilterGradient {
    /**
     * The largest kernel gradient (in floats, 32 KB: within L1) taken this way: its sums are added in place, a vector
     * at a time, where the dense product keeps a tile in registers; the first layers of image networks (3 x 3 x 1 or
     * 3 x 3 x 3 kernels) lie well under it.
     */
    private static final long MAX_KERNEL_FLOATS = 8192;

    private PooledFilterGradient() {}

    /** Whether a convolution's kernel gradient is small enough to be taken from the pooled gradient. */
    public static boolean applies(Geometry conv) {
        return (long) conv.patchCols() * conv.o <= MAX_KERNEL_FLOATS;
    }

    /**
     * Returns the kernel gradient {@code (kh, kw, c, o)} and adds the bias gradient to {@code db}.
     *
     * @param conv   the convolution's geometry (input {@code x}, output = the pool's input)
     * @param pool   the pool's geometry, windows disjoint ({@link Pool#disjoint})
     * @param pooled the pool's output; {@code index} its argmax into the convolution's output
     */
    public static float[] kernel(float[] x, float[] dy, float[] pooled, int[] index, Geometry conv, Geometry pool, float[] db) {
        Pool.requireDisjoint("PooledFilterGradient", pool);
        int o = conv.o, size = conv.patchCols() * o;
        int parts = pool.n > 1 && Parallel.worthSplitting((long) pool.n * pool.oh * pool.ow * o * pool.kh * pool.kw * conv.patchCols())
                ? Math.min(Parallel.threads(), pool.n) : 1;
        float[][] dk = new float[parts][];
        double[][] bias = new double[parts][];
        int[] patch = patchOffsets(conv);
        boolean vector = VectorSupport.enabled();
        Parallel.forChunks(parts, parts, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                double[] acc = new double[o];
                int b0 = (int) ((long) pool.n * p / parts), b1 = (int) ((long) pool.n * (p + 1) / parts);
                float[] k = new float[size];
                if (vector) VectorPool.pooledFilter(x, dy, pooled, index, conv, pool, patch, b0, b1, k, acc);
                else scalar(x, dy, pooled, index, conv, pool, patch, b0, b1, k, acc);
                dk[p] = k;
                bias[p] = acc;
            }
        });
        float[] out = dk[0];
        for (int p = 1; p < parts; p++) for (int i = 0; i < size; i++) out[i] += dk[p][i];
        BiasActivation.addInChunkOrder(bias, db);
        return out;
    }

    /**
     * Where patch column {@code p} ({@code (ki, kj, ci)}, the kernel's row-major order) lies relative to the
     * window's first input pixel: {@code {dy, dx, ci}} triples, the offsets in input rows and columns.
     */
    static int[] patchOffsets(Geometry g) {
        int[] out = new int[3 * g.patchCols()];
        for (int ki = 0, p = 0; ki < g.kh; ki++)
            for (int kj = 0; kj < g.kw; kj++)
                for (int ci = 0; ci < g.c; ci++, p++) {
                    out[3 * p] = ki * g.dh;
                    out[3 * p + 1] = kj * g.dw;
                    out[3 * p + 2] = ci;
                }
        return out;
    }

    /** The scalar loop: each pooled element's masked gradient into the kernel gradient at its maximum's patch. */
    private static void scalar(float[] x, float[] dy, float[] pooled, int[] index, Geometry conv, Geometry pool,
                               int[] patch, int b0, int b1, float[] k, double[] acc) {
        int o = conv.o, perImage = pool.oh * pool.ow * o;
        for (int i = b0 * perImage; i < b1 * perImage; i++) {
            float gm = Pool.maskedGradient(dy, pooled, i);
            int oc = i % o, pixel = index[i] / o;
            acc[oc] += gm;
            int b = pixel / (conv.oh * conv.ow), yx = pixel % (conv.oh * conv.ow);
            int iy0 = yx / conv.ow * conv.sh - conv.padTop, ix0 = yx % conv.ow * conv.sw - conv.padLeft;
            for (int p = 0; p < patch.length / 3; p++) {
                int iy = iy0 + patch[3 * p], ix = ix0 + patch[3 * p + 1];
                if (iy < 0 || iy >= conv.h || ix < 0 || ix >= conv.w) continue;
                k[p * o + oc] = Math.fma(x[((b * conv.h + iy) * conv.w + ix) * conv.c + patch[3 * p + 2]], gm, k[p * o + oc]);
            }
        }
    }
}
