package dev.gradus.tensor.kernels;

import dev.gradus.tensor.kernels.Conv.Geometry;

/**
 * Max and average pooling on channels-last data, windows clipped to the input (padding never takes
 * part), with their scatter and gather adjoints. Loops run over output rows {@code (b, oy)}, split
 * across the pool when large; every output row writes only its own outputs, and the scatters that
 * go back to the input split by image, so no two threads write the same element.
 */
public final class Pool {
    private Pool() {}

    /**
     * Max pooling; {@code argmax} receives, per output element, the flat input index it was taken
     * from: the first maximum in row-major window order, as TF routes gradients on ties.
     */
    public static float[] max(float[] x, Geometry g, int[] argmax) {
        float[] y = StepBuffers.take(g.n * g.oh * g.ow * g.c);
        int c = g.c;
        boolean vector = VectorSupport.enabled();
        Parallel.forRange(g.n * g.oh, (long) g.ow * g.kh * g.kw * c, (lo, hi) -> {
            for (int row = lo; row < hi; row++) {
                int b = row / g.oh, oy = row % g.oh;
                int y0 = Math.max(0, oy * g.sh - g.padTop), y1 = Math.min(g.h, oy * g.sh - g.padTop + g.kh);
                for (int ox = 0; ox < g.ow; ox++) {
                    int x0 = Math.max(0, ox * g.sw - g.padLeft), x1 = Math.min(g.w, ox * g.sw - g.padLeft + g.kw);
                    int out = (row * g.ow + ox) * c;
                    // whole vectors of channels on the Vector API, the rest [from, c) below
                    int from = vector ? VectorPool.window(x, g, b, y0, y1, x0, x1, y, argmax, out) : 0;
                    if (from == c) continue;
                    int first = ((b * g.h + y0) * g.w + x0) * c;
                    for (int i = from; i < c; i++) {
                        y[out + i] = x[first + i];
                        argmax[out + i] = first + i;
                    }
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            int src = ((b * g.h + iy) * g.w + ix) * c;
                            // select without branches: on random data a branch mispredicts half the time
                            for (int i = from; i < c; i++) {
                                float v = x[src + i], best = y[out + i];
                                boolean greater = v > best;
                                y[out + i] = greater ? v : best;
                                argmax[out + i] = greater ? src + i : argmax[out + i];
                            }
                        }
                    }
                }
            }
        });
        return y;
    }

    /** {@code dx[index[i]] += dy[i]} into an input-sized array; {@code index} as {@link #max} wrote it. */
    public static float[] scatter(float[] dy, int[] index, Geometry g) {
        float[] dx = StepBuffers.take(g.n * g.h * g.w * g.c);
        boolean clear = StepBuffers.replaying();
        int perImage = g.oh * g.ow * g.c, inImage = g.h * g.w * g.c;
        // every index of image b lies inside image b, so images can be cleared and scattered in parallel; each
        // image is cleared just before its scatter, while it is in cache (clearing a thread's whole share
        // first, 5.5 MB for conv1's pool at batch 128, sent it to memory and back)
        Parallel.forRange(g.n, perImage, (lo, hi) -> {
            for (int b = lo; b < hi; b++) {
                if (clear) java.util.Arrays.fill(dx, b * inImage, (b + 1) * inImage, 0f);
                for (int i = b * perImage, end = i + perImage; i < end; i++) dx[index[i]] += dy[i];
            }
        });
        return dx;
    }

    /**
     * The ReLU's mask applied at a pooled maximum, as {@code BiasActivation.backward} applies it (a multiply, after
     * the scatter's {@code 0 + dy}): {@code (0 + dy[i]) * (pooled[i] > 0 ? 1 : 0)}.
     */
    static float maskedGradient(float[] dy, float[] pooled, int i) {
        return (0f + dy[i]) * (pooled[i] > 0 ? 1f : 0f);
    }

    /** Pooled rows whose masked gradient is summed in float before the sum is added in double ({@code BiasActivation}'s). */
    private static final int SUM_ROWS = 32;

    /**
     * True when no input element lies in two windows ({@code kh <= sh}, {@code kw <= sw}), the geometry
     * {@link #maxReluBackward} takes.
     */
    public static boolean disjoint(Geometry g) {
        return g.kh <= g.sh && g.kw <= g.sw;
    }

    /** Fails, naming {@code op}, unless the pool's windows are {@link #disjoint}. */
    static void requireDisjoint(String op, Geometry g) {
        if (!disjoint(g)) throw new IllegalArgumentException(op + ": pool windows " + g.kh + "x" + g.kw
                + " overlap at strides " + g.sh + "x" + g.sw + "; expected windows no larger than their strides");
    }

    /**
     * Max pooling's gradient taken through the {@code relu(z + bias)} that made its input, for windows that do not
     * overlap ({@link #disjoint}): returns the gradient with respect to z, {@code (0 + dy) * (pooled > 0 ? 1 : 0)} at
     * each window's maximum and +0 everywhere else, and adds the bias gradient (its channel sums) to {@code db}.
     * The values are the scatter's followed by the ReLU's mask (a multiply, as {@code BiasActivation.backward});
     * the bias sums run over the pooled elements instead of the whole input, so their rounding differs. z's
     * gradient is written once, image by image in input order, where apart the scatter cleared and wrote it
     * and the mask read it back with the ReLU's output and wrote it again.
     *
     * @param pooled the pool's output (the maximum of each window, which is the ReLU's output at {@code index})
     * @param index  the pool's argmax, as {@link #max} wrote it
     */
    public static float[] maxReluBackward(float[] dy, float[] pooled, int[] index, Geometry g, float[] db) {
        requireDisjoint("maxReluBackward", g);
        int c = g.c, perImage = g.oh * g.ow * c, pooledRows = g.oh * g.ow;
        float[] dz = StepBuffers.take(g.n * g.h * g.w * c);
        boolean vector = VectorSupport.enabled();
        // the channel sums run per chunk of images and the chunks' double sums are added in chunk order,
        // as BiasActivation.backward does for the unfused pass
        int parts = g.n > 1 && Parallel.worthSplitting((long) g.n * g.h * g.w * c) ? Math.min(Parallel.threads(), g.n) : 1;
        double[][] partial = new double[parts][c];
        Parallel.forChunks(parts, parts, (p0, p1) -> {
            float[] masked = new float[perImage], tmp = new float[c];
            for (int p = p0; p < p1; p++) {
                double[] acc = partial[p];
                for (int b = (int) ((long) g.n * p / parts), end = (int) ((long) g.n * (p + 1) / parts); b < end; b++) {
                    int base = b * perImage;
                    int from = vector ? VectorPool.mask(dy, pooled, base, perImage, masked) : 0;
                    for (int i = from; i < perImage; i++) masked[i] = maskedGradient(dy, pooled, base + i);
                    if (vector) VectorMath.addColumnSums(masked, c, 0, pooledRows, SUM_ROWS, acc, tmp);
                    else for (int r = 0; r < pooledRows; r++) for (int j = 0; j < c; j++) acc[j] += masked[r * c + j];
                    unpool(masked, index, g, b, base, dz, vector);
                }
            }
        });
        BiasActivation.addInChunkOrder(partial, db);
        return dz;
    }

    /** Image {@code b} of z's gradient: each window's masked gradient at its maximum, +0 elsewhere. */
    private static void unpool(float[] masked, int[] index, Geometry g, int b, int base, float[] dz, boolean vector) {
        int c = g.c;
        for (int iy = 0; iy < g.h; iy++) {
            int ty = iy + g.padTop, oy = ty / g.sh;
            boolean rowIn = oy < g.oh && ty - oy * g.sh < g.kh;
            for (int ix = 0; ix < g.w; ix++) {
                int pos = ((b * g.h + iy) * g.w + ix) * c;
                int tx = ix + g.padLeft, ox = tx / g.sw;
                if (!rowIn || ox >= g.ow || tx - ox * g.sw >= g.kw) {
                    java.util.Arrays.fill(dz, pos, pos + c, 0f);
                    continue;
                }
                int at = (oy * g.ow + ox) * c; // in masked; base + at in index
                int from = vector ? VectorPool.unpool(masked, index, at, base + at, pos, c, dz) : 0;
                for (int j = from; j < c; j++) dz[pos + j] = index[base + at + j] == pos + j ? masked[at + j] : 0f;
            }
        }
    }

    /** {@code out[i] = x[index[i]]}: the adjoint of {@link #scatter}. */
    public static float[] gather(float[] x, int[] index) {
        float[] out = new float[index.length];
        Parallel.forRange(index.length, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = x[index[i]];
        });
        return out;
    }

    /** Average over the part of each window that lies inside the input. */
    public static float[] average(float[] x, Geometry g) {
        float[] y = new float[g.n * g.oh * g.ow * g.c];
        int c = g.c;
        Parallel.forRange(g.n * g.oh, (long) g.ow * g.kh * g.kw * c, (lo, hi) -> {
            double[] acc = new double[c];
            for (int row = lo; row < hi; row++) {
                int b = row / g.oh, oy = row % g.oh;
                int y0 = Math.max(0, oy * g.sh - g.padTop), y1 = Math.min(g.h, oy * g.sh - g.padTop + g.kh);
                for (int ox = 0; ox < g.ow; ox++) {
                    int x0 = Math.max(0, ox * g.sw - g.padLeft), x1 = Math.min(g.w, ox * g.sw - g.padLeft + g.kw);
                    java.util.Arrays.fill(acc, 0);
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            int src = ((b * g.h + iy) * g.w + ix) * c;
                            for (int i = 0; i < c; i++) acc[i] += x[src + i];
                        }
                    }
                    double inv = 1.0 / ((y1 - y0) * (x1 - x0));
                    int out = (row * g.ow + ox) * c;
                    for (int i = 0; i < c; i++) y[out + i] = (float) (acc[i] * inv);
                }
            }
        });
        return y;
    }

    /** Spreads each output gradient evenly over its window's inside part: the adjoint of {@link #average}. */
    public static float[] averageBackward(float[] dy, Geometry g) {
        float[] dx = new float[g.n * g.h * g.w * g.c];
        int c = g.c;
        Parallel.forRange(g.n, (long) g.oh * g.ow * g.kh * g.kw * c, (lo, hi) -> {
            for (int b = lo; b < hi; b++) {
                for (int oy = 0; oy < g.oh; oy++) {
                    int y0 = Math.max(0, oy * g.sh - g.padTop), y1 = Math.min(g.h, oy * g.sh - g.padTop + g.kh);
                    for (int ox = 0; ox < g.ow; ox++) {
                        int x0 = Math.max(0, ox * g.sw - g.padLeft), x1 = Math.min(g.w, ox * g.sw - g.padLeft + g.kw);
                        float inv = 1f / ((y1 - y0) * (x1 - x0));
                        int out = ((b * g.oh + oy) * g.ow + ox) * c;
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                int dst = ((b * g.h + iy) * g.w + ix) * c;
                                for (int i = 0; i < c; i++) dx[dst + i] += dy[out + i] * inv;
                            }
                        }
                    }
                }
            }
        });
        return dx;
    }
}
