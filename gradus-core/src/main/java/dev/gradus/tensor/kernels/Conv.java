package dev.gradus.tensor.kernels;

/**
 * 2-d convolution on channels-last data as im2col + GEMM. A patches matrix has one row per output
 * position {@code (b, oy, ox)} and one column per {@code (ky, kx, ci)}, so that a kernel stored as
 * {@code (kh, kw, in, out)} is already the {@code (kh*kw*in, out)} right-hand matrix.
 *
 * <p>Large batches are split into one contiguous group of images per thread; each group builds its
 * patches in bounded slices and runs single-threaded GEMMs on them. Small batches run on the calling
 * thread, where GEMM parallelises internally.
 */
public final class Conv {
    /** Patches floats built at once per group: bounds memory and keeps a slice near the caches. */
    private static final int SLICE_FLOATS = 1 << 20;

    private Conv() {}

    /**
     * The shape arithmetic of one convolution or pooling window: input {@code (n, h, w, c)}, window
     * {@code (kh, kw)} with strides and dilation, padding before each spatial axis, output
     * {@code (n, oh, ow, o)}. Pooling uses {@code o == c}.
     */
    public static final class Geometry {
        public final int n, h, w, c, o, kh, kw, sh, sw, dh, dw, padTop, padLeft, oh, ow;

        public Geometry(int n, int h, int w, int c, int o, int kh, int kw, int sh, int sw, int dh, int dw,
                        int padTop, int padLeft, int oh, int ow) {
            this.n = n; this.h = h; this.w = w; this.c = c; this.o = o;
            this.kh = kh; this.kw = kw; this.sh = sh; this.sw = sw; this.dh = dh; this.dw = dw;
            this.padTop = padTop; this.padLeft = padLeft; this.oh = oh; this.ow = ow;
        }

        int patchCols() {
            return kh * kw * c;
        }

        int rowsPerImage() {
            return oh * ow;
        }

        /** A 1x1 window over every pixel: the input already is its patches matrix. */
        boolean identityPatches() {
            return kh == 1 && kw == 1 && sh == 1 && sw == 1 && padTop == 0 && padLeft == 0;
        }
    }

    /** Stride-1 convolutions go to {@link VectorConv}, unless {@code -Dgradus.conv.direct=false} (for comparisons). */
    private static final boolean DIRECT = !"false".equalsIgnoreCase(System.getProperty("gradus.conv.direct"));

    private static boolean direct(Geometry g, boolean inputGradient) {
        return DIRECT && VectorSupport.enabled() && !g.identityPatches() && VectorConv.applies(g, inputGradient);
    }

    /** A body over images {@code [lo, hi)} of one group. */
    @FunctionalInterface
    interface Group {
        void run(int part, int lo, int hi);
    }

    static int parts(Geometry g) {
        long work = (long) g.rowsPerImage() * g.patchCols() * Math.max(1, g.o);
        return g.n >= Parallel.threads() && Parallel.worthSplitting(work * g.n) ? Parallel.threads() : 1;
    }

    static void forGroups(Geometry g, int parts, Group body) {
        if (parts == 1) {
            body.run(0, 0, g.n);
            return;
        }
        Parallel.forChunks(parts, parts, (p0, p1) -> {
            for (int p = p0; p < p1; p++) body.run(p, (int) ((long) g.n * p / parts), (int) ((long) g.n * (p + 1) / parts));
        });
    }

    private static int imagesPerSlice(Geometry g) {
        return Math.max(1, SLICE_FLOATS / Math.max(1, g.rowsPerImage() * g.patchCols()));
    }

    /**
     * {@code forward} followed by {@link BiasActivation#forward}: the direct kernels add the bias
     * (and take the ReLU) in registers before the output is stored, which saves a pass over it.
     */
    public static float[] forward(float[] x, float[] kernel, Geometry g, float[] bias, boolean relu) {
        if (direct(g, false)) return VectorConv.forward(x, kernel, g, bias, relu);
        return BiasActivation.forward(forward(x, kernel, g), bias, relu);
    }

    /** {@code y = patches(x) @ kernel}: x {@code (n, h, w, c)}, kernel {@code (kh, kw, c, o)}, y {@code (n, oh, ow, o)}. */
    public static float[] forward(float[] x, float[] kernel, Geometry g) {
        if (direct(g, false)) return VectorConv.forward(x, kernel, g, null, false);
        int kc = g.patchCols(), rows = g.rowsPerImage();
        float[] y = StepBuffers.take(g.n * rows * g.o);
        if (y.length == 0) return y;
        forGroups(g, parts(g), (part, lo, hi) -> {
            int step = imagesPerSlice(g);
            float[] cols = g.identityPatches() ? null : new float[Math.min(step, hi - lo) * rows * kc];
            for (int b = lo; b < hi; b += step) {
                int nb = Math.min(step, hi - b), m = nb * rows;
                if (cols == null) {
                    Gemm.sgemm(false, false, m, g.o, kc, 1f, x, b * rows * kc, kc, kernel, 0, g.o, 0f, y, b * rows * g.o, g.o);
                } else {
                    im2col(x, b, nb, g, cols);
                    Gemm.sgemm(false, false, m, g.o, kc, 1f, cols, 0, kc, kernel, 0, g.o, 0f, y, b * rows * g.o, g.o);
                }
            }
        });
        return y;
    }

    /** The gradient with respect to x: {@code col2im(dy @ kernel^T)}, shape {@code (n, h, w, c)}. */
    public static float[] backpropInput(float[] dy, float[] kernel, Geometry g) {
        if (direct(g, true)) return VectorConv.backpropInput(dy, kernel, g);
        int kc = g.patchCols(), rows = g.rowsPerImage();
        float[] dx = StepBuffers.zeros(g.n * g.h * g.w * g.c);
        if (dx.length == 0 || rows == 0) return dx;
        forGroups(g, parts(g), (part, lo, hi) -> {
            int step = imagesPerSlice(g);
            float[] cols = g.identityPatches() ? null : new float[Math.min(step, hi - lo) * rows * kc];
            for (int b = lo; b < hi; b += step) {
                int nb = Math.min(step, hi - b), m = nb * rows;
                if (cols == null) {
                    Gemm.sgemm(false, true, m, kc, g.o, 1f, dy, b * rows * g.o, g.o, kernel, 0, g.o, 0f, dx, b * rows * kc, kc);
                } else {
                    Gemm.sgemm(false, true, m, kc, g.o, 1f, dy, b * rows * g.o, g.o, kernel, 0, g.o, 0f, cols, 0, kc);
                    col2im(cols, b, nb, g, dx);
                }
            }
        });
        return dx;
    }

    /** The gradient with respect to the kernel: {@code patches(x)^T @ dy}, shape {@code (kh, kw, c, o)}. */
    public static float[] backpropFilter(float[] x, float[] dy, Geometry g) {
        if (direct(g, false)) return VectorConv.backpropFilter(x, dy, g);
        int kc = g.patchCols(), rows = g.rowsPerImage(), size = kc * g.o;
        int parts = parts(g);
        float[][] partial = new float[parts][];
        if (size == 0 || rows == 0 || g.n == 0) return new float[size];
        forGroups(g, parts, (part, lo, hi) -> {
            float[] dk = new float[size];
            int step = imagesPerSlice(g);
            float[] cols = g.identityPatches() ? null : new float[Math.min(step, hi - lo) * rows * kc];
            for (int b = lo; b < hi; b += step) {
                int nb = Math.min(step, hi - b), m = nb * rows;
                float beta = b == lo ? 0f : 1f;
                if (cols == null) {
                    Gemm.sgemm(true, false, kc, g.o, m, 1f, x, b * rows * kc, kc, dy, b * rows * g.o, g.o, beta, dk, 0, g.o);
                } else {
                    im2col(x, b, nb, g, cols);
                    Gemm.sgemm(true, false, kc, g.o, m, 1f, cols, 0, kc, dy, b * rows * g.o, g.o, beta, dk, 0, g.o);
                }
            }
            partial[part] = dk;
        });
        // summed in a fixed order, so that results do not depend on thread timing
        float[] dk = partial[0];
        for (int p = 1; p < parts; p++) for (int i = 0; i < size; i++) dk[i] += partial[p][i];
        return dk;
    }

    /** Patches of images {@code [b0, b0 + nb)} into {@code cols}, zeros where the window is in the padding. */
    static void im2col(float[] x, int b0, int nb, Geometry g, float[] cols) {
        int c = g.c, kc = g.patchCols();
        int rowsPerImage = g.rowsPerImage();
        for (int r = 0; r < nb * rowsPerImage; r++) {
            int b = b0 + r / rowsPerImage, oy = r % rowsPerImage / g.ow, ox = r % g.ow;
            int dst = r * kc;
            for (int ky = 0; ky < g.kh; ky++) {
                int iy = oy * g.sh - g.padTop + ky * g.dh;
                boolean rowInside = iy >= 0 && iy < g.h;
                for (int kx = 0; kx < g.kw; kx++, dst += c) {
                    int ix = ox * g.sw - g.padLeft + kx * g.dw;
                    if (rowInside && ix >= 0 && ix < g.w) {
                        int src = ((b * g.h + iy) * g.w + ix) * c;
                        if (c == 1) cols[dst] = x[src];
                        else System.arraycopy(x, src, cols, dst, c);
                    } else {
                        for (int i = 0; i < c; i++) cols[dst + i] = 0f;
                    }
                }
            }
        }
    }

    /** Adds each patch row back onto the pixels it was read from: the adjoint of {@link #im2col}. */
    static void col2im(float[] cols, int b0, int nb, Geometry g, float[] dx) {
        int c = g.c, kc = g.patchCols();
        int rowsPerImage = g.rowsPerImage();
        for (int r = 0; r < nb * rowsPerImage; r++) {
            int b = b0 + r / rowsPerImage, oy = r % rowsPerImage / g.ow, ox = r % g.ow;
            int src = r * kc;
            for (int ky = 0; ky < g.kh; ky++) {
                int iy = oy * g.sh - g.padTop + ky * g.dh;
                boolean rowInside = iy >= 0 && iy < g.h;
                for (int kx = 0; kx < g.kw; kx++, src += c) {
                    int ix = ox * g.sw - g.padLeft + kx * g.dw;
                    if (!rowInside || ix < 0 || ix >= g.w) continue;
                    int dst = ((b * g.h + iy) * g.w + ix) * c;
                    for (int i = 0; i < c; i++) dx[dst + i] += cols[src + i];
                }
            }
        }
    }
}
