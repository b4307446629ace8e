package dev.gradus.tensor.kernels;

/**
 * A layer's {@code activation(x + bias)} over rows of {@code c} channels in one pass, and its
 * gradient in one pass: the masked output gradient and the bias gradient (column sums). Dense and
 * convolution outputs are the largest tensors of a step (mnist_convnet's first one is 11 MB), and
 * the unfused chain read and wrote each of them four more times.
 *
 * <p>Numbers are those of the unfused ops: the same float adds, ReLU's NaN and signed-zero
 * handling, the mask applied as a multiply ({@code g * 0} keeps its sign), and column sums
 * accumulated in double row by row as {@link Reduce} does.
 */
public final class BiasActivation {
    private BiasActivation() {}

    /** {@code out[r*c + j] = act(x[r*c + j] + bias[j])}, act ReLU when {@code relu}, else identity. */
    public static float[] forward(float[] x, float[] bias, boolean relu) {
        int c = bias.length;
        float[] out = StepBuffers.take(x.length);
        if (x.length == 0) return out;
        int rows = x.length / c;
        boolean vector = VectorSupport.enabled();
        Parallel.forRange(rows, c, (lo, hi) -> {
            if (vector) VectorMath.biasActivation(x, bias, out, lo, hi, relu);
            else for (int r = lo; r < hi; r++) {
                int o = r * c;
                if (relu) {
                    for (int j = 0; j < c; j++) {
                        float z = x[o + j] + bias[j];
                        out[o + j] = z > 0 ? z : (z != z ? z : 0f);
                    }
                } else {
                    for (int j = 0; j < c; j++) out[o + j] = x[o + j] + bias[j];
                }
            }
        });
        return out;
    }

    /** Floats of gradient masked, then summed, at a time: 16 KB, in L1 between the two. */
    private static final int BLOCK_FLOATS = 4096;
    /** Rows summed in float before their sum is added in double. */
    private static final int SUM_ROWS = 32;

    /**
     * The gradient with respect to the pre-bias input, written to {@code gx} ({@code g} masked by
     * {@code out > 0} when {@code relu}, else {@code g} itself is the gradient and {@code gx} may be
     * null), and returns the bias gradient (column sums of it).
     */
    public static float[] backward(float[] g, float[] out, int c, boolean relu, float[] gx) {
        int rows = g.length / c;
        float[] src = relu ? gx : g;
        boolean vector = VectorSupport.enabled();
        // the column sums run inside the parallel pass, per chunk of rows, and the chunks' double
        // sums are added in chunk order: done after the pass on one thread, they were W2's largest
        // serial piece (a tenth of its wall time at 2 threads)
        int parts = rows > 1 && Parallel.worthSplitting((long) rows * c) ? Math.min(Parallel.threads(), rows) : 1;
        double[][] partial = new double[parts][c];
        int block = Math.max(SUM_ROWS, BLOCK_FLOATS / c / SUM_ROWS * SUM_ROWS);
        Parallel.forChunks(parts, parts, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int lo = (int) ((long) rows * p / parts), hi = (int) ((long) rows * (p + 1) / parts);
                double[] acc = partial[p];
                if (vector) {
                    // a block is masked, then summed in float vectors while it is in L1, and its sums
                    // added in double: the scalar double loop was half of this pass at conv1's size
                    float[] tmp = new float[c];
                    for (int b0 = lo; b0 < hi; b0 += block) {
                        int b1 = Math.min(hi, b0 + block);
                        if (relu) VectorMath.reluMask(g, out, gx, b0 * c, b1 * c);
                        VectorMath.addColumnSums(src, c, b0, b1, SUM_ROWS, acc, tmp);
                    }
                    continue;
                }
                if (relu) for (int i = lo * c; i < hi * c; i++) gx[i] = g[i] * (out[i] > 0 ? 1f : 0f);
                for (int r = lo; r < hi; r++) {
                    int o = r * c;
                    for (int j = 0; j < c; j++) acc[j] += src[o + j];
                }
            }
        });
        float[] db = new float[c];
        addInChunkOrder(partial, db);
        return db;
    }

    /**
     * {@code out[j] += (float)} the sum of the chunks' double sums {@code partial[p][j]}, added in chunk order: the
     * bias gradients of the fused passes, whose chunks run in parallel, get the same bits whatever thread ran each.
     */
    static void addInChunkOrder(double[][] partial, float[] out) {
        for (int j = 0; j < out.length; j++) {
            double sum = partial[0][j];
            for (int p = 1; p < partial.length; p++) sum += partial[p][j];
            out[j] += (float) sum;
        }
    }
}
