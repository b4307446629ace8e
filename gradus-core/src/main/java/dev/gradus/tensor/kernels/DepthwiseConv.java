package dev.gradus.tensor.kernels;

import dev.gradus.tensor.kernels.Conv.Geometry;

/**
 * Depthwise convolution on channels-last data, as {@code keras.ops.depthwise_conv}: each input
 * channel {@code ci} has its own {@code g.o} filters (the depth multiplier), and output channel
 * {@code ci * g.o + m} is input channel {@code ci} correlated with filter {@code m}. Input
 * {@code (n, h, w, c)}, kernel {@code (kh, kw, c, g.o)}, output {@code (n, oh, ow, c * g.o)}.
 *
 * <p>The three products (output, input gradient, kernel gradient) walk the same (pixel, window
 * tap, channel, multiplier) index set; windows reaching into the padding are skipped. The output
 * and the input gradient split by image (each image writes only its own elements); the kernel
 * gradient sums per-part partials in a fixed order, so results do not depend on thread timing.
 */
public final class DepthwiseConv {
    private DepthwiseConv() {}

    /** {@code y[b, oy, ox, ci * m + j] = sum_taps x[b, iy, ix, ci] * k[ky, kx, ci, j]}. */
    public static float[] forward(float[] x, float[] k, Geometry g) {
        float[] y = new float[g.n * g.oh * g.ow * g.c * g.o];
        Conv.forGroups(g, Conv.parts(g), (part, lo, hi) -> walk(g, lo, hi, (xi, ki, yi) -> {
            for (int j = 0; j < g.o; j++) y[yi + j] += x[xi] * k[ki + j];
        }));
        return y;
    }

    /** The gradient with respect to x, {@code (n, h, w, c)}. */
    public static float[] backpropInput(float[] dy, float[] k, Geometry g) {
        float[] dx = new float[g.n * g.h * g.w * g.c];
        Conv.forGroups(g, Conv.parts(g), (part, lo, hi) -> walk(g, lo, hi, (xi, ki, yi) -> {
            float s = 0f;
            for (int j = 0; j < g.o; j++) s += dy[yi + j] * k[ki + j];
            dx[xi] += s;
        }));
        return dx;
    }

    /** The gradient with respect to the kernel, {@code (kh, kw, c, m)}. */
    public static float[] backpropFilter(float[] x, float[] dy, Geometry g) {
        int size = g.kh * g.kw * g.c * g.o, parts = Conv.parts(g);
        float[][] partial = new float[parts][];
        if (g.n == 0) return new float[size];
        Conv.forGroups(g, parts, (part, lo, hi) -> {
            float[] dk = new float[size];
            walk(g, lo, hi, (xi, ki, yi) -> {
                float v = x[xi];
                for (int j = 0; j < g.o; j++) dk[ki + j] += v * dy[yi + j];
            });
            partial[part] = dk;
        });
        float[] dk = partial[0];
        for (int p = 1; p < parts; p++) for (int i = 0; i < size; i++) dk[i] += partial[p][i];
        return dk;
    }

    /** One (input element, kernel row, output block) triple: flat offsets of x, of {@code k[ky, kx, ci, 0]} and of {@code y[b, oy, ox, ci * m]}. */
    @FunctionalInterface
    private interface Tap {
        void at(int xi, int ki, int yi);
    }

    /** Every tap of images {@code [lo, hi)} whose input pixel lies inside the image. */
    private static void walk(Geometry g, int lo, int hi, Tap tap) {
        int c = g.c, m = g.o;
        for (int b = lo; b < hi; b++) {
            for (int oy = 0; oy < g.oh; oy++) {
                for (int ox = 0; ox < g.ow; ox++) {
                    int yBase = ((b * g.oh + oy) * g.ow + ox) * c * m;
                    for (int ky = 0; ky < g.kh; ky++) {
                        int iy = oy * g.sh - g.padTop + ky * g.dh;
                        if (iy < 0 || iy >= g.h) continue;
                        for (int kx = 0; kx < g.kw; kx++) {
                            int ix = ox * g.sw - g.padLeft + kx * g.dw;
                            if (ix < 0 || ix >= g.w) continue;
                            int xBase = ((b * g.h + iy) * g.w + ix) * c, kBase = (ky * g.kw + kx) * c * m;
                            for (int ci = 0; ci < c; ci++) tap.at(xBase + ci, kBase + ci * m, yBase + ci * m);
                        }
                    }
                }
            }
        }
    }
}
