package dev.gradus.tensor.kernels;

import dev.gradus.tensor.kernels.Conv.Geometry;

/**
 * Depthwise convolution on channels-last data, as {@code keras.ops.depthwise_conv}: each input
 * channel {@code ci} has its own {@code g.o} filters (the depth multiplier), and output channel
 * {@code ci * g.o + m} is input channel {@code ci} correlated with filter {@code m}. Input
 * {@code (n, h, w, c)}, kernel {@code (kh, kw, c, g.o)}, output {@code (n, oh, ow, c * g.o)}.
 *
 * <p>The three products (output, input gradient, kernel gradient) walk the same (pixel, window
 * tap) pairs, each a run over the channels; windows reaching into the padding are skipped. The output
 * and the input gradient split by image (each image writes only its own elements); the kernel
 * gradient sums per-part partials in a fixed order, so results do not depend on thread timing.
 */
public final class DepthwiseConv {
    private DepthwiseConv() {}

    private static final int FORWARD = 0, INPUT_GRADIENT = 1, KERNEL_GRADIENT = 2;

    /** {@code y[b, oy, ox, ci * m + j] = sum_taps x[b, iy, ix, ci] * k[ky, kx, ci, j]}. */
    public static float[] forward(float[] x, float[] k, Geometry g) {
        float[] y = new float[g.n * g.oh * g.ow * g.c * g.o];
        Conv.forGroups(g, Conv.parts(g), (part, lo, hi) -> walk(g, lo, hi, FORWARD, x, k, y));
        return y;
    }

    /** The gradient with respect to x, {@code (n, h, w, c)}. */
    public static float[] backpropInput(float[] dy, float[] k, Geometry g) {
        float[] dx = new float[g.n * g.h * g.w * g.c];
        Conv.forGroups(g, Conv.parts(g), (part, lo, hi) -> walk(g, lo, hi, INPUT_GRADIENT, dy, k, dx));
        return dx;
    }

    /** The gradient with respect to the kernel, {@code (kh, kw, c, m)}. */
    public static float[] backpropFilter(float[] x, float[] dy, Geometry g) {
        int size = g.kh * g.kw * g.c * g.o, parts = Conv.parts(g);
        float[][] partial = new float[parts][];
        if (g.n == 0) return new float[size];
        Conv.forGroups(g, parts, (part, lo, hi) -> {
            float[] dk = new float[size];
            walk(g, lo, hi, KERNEL_GRADIENT, x, dy, dk);
            partial[part] = dk;
        });
        float[] dk = partial[0];
        for (int p = 1; p < parts; p++) for (int i = 0; i < size; i++) dk[i] += partial[p][i];
        return dk;
    }

    /**
     * Every (output pixel, window tap) of images {@code [lo, hi)} whose input pixel lies inside the
     * image, each as one run over the channels (contiguous in x, the kernel and y, so the JIT vectorises
     * it). {@code FORWARD}: a = x, b = kernel, out = y; {@code INPUT_GRADIENT}: a = dy, b = kernel,
     * out = dx; {@code KERNEL_GRADIENT}: a = x, b = dy, out = dk.
     */
    private static void walk(Geometry g, int lo, int hi, int mode, float[] a, float[] b, float[] out) {
        int c = g.c, m = g.o;
        for (int n = lo; n < hi; n++) {
            for (int oy = 0; oy < g.oh; oy++) {
                for (int ox = 0; ox < g.ow; ox++) {
                    int y0 = ((n * g.oh + oy) * g.ow + ox) * c * m;
                    for (int ky = 0; ky < g.kh; ky++) {
                        int iy = oy * g.sh - g.padTop + ky * g.dh;
                        if (iy < 0 || iy >= g.h) continue;
                        for (int kx = 0; kx < g.kw; kx++) {
                            int ix = ox * g.sw - g.padLeft + kx * g.dw;
                            if (ix < 0 || ix >= g.w) continue;
                            int x0 = ((n * g.h + iy) * g.w + ix) * c, k0 = (ky * g.kw + kx) * c * m;
                            switch (mode) {
                                case FORWARD -> forwardRun(a, x0, b, k0, out, y0, c, m);
                                case INPUT_GRADIENT -> inputRun(a, y0, b, k0, out, x0, c, m);
                                default -> kernelRun(a, x0, b, y0, out, k0, c, m);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void forwardRun(float[] x, int x0, float[] k, int k0, float[] y, int y0, int c, int m) {
        if (m == 1) {
            for (int i = 0; i < c; i++) y[y0 + i] += x[x0 + i] * k[k0 + i];
            return;
        }
        for (int i = 0; i < c; i++) {
            float v = x[x0 + i];
            for (int j = 0, o = i * m; j < m; j++) y[y0 + o + j] += v * k[k0 + o + j];
        }
    }

    private static void inputRun(float[] dy, int y0, float[] k, int k0, float[] dx, int x0, int c, int m) {
        if (m == 1) {
            for (int i = 0; i < c; i++) dx[x0 + i] += dy[y0 + i] * k[k0 + i];
            return;
        }
        for (int i = 0; i < c; i++) {
            float s = 0f;
            for (int j = 0, o = i * m; j < m; j++) s += dy[y0 + o + j] * k[k0 + o + j];
            dx[x0 + i] += s;
        }
    }

    private static void kernelRun(float[] x, int x0, float[] dy, int y0, float[] dk, int k0, int c, int m) {
        if (m == 1) {
            for (int i = 0; i < c; i++) dk[k0 + i] += x[x0 + i] * dy[y0 + i];
            return;
        }
        for (int i = 0; i < c; i++) {
            float v = x[x0 + i];
            for (int j = 0, o = i * m; j < m; j++) dk[k0 + o + j] += v * dy[y0 + o + j];
        }
    }
}
