package dev.gradus.tensor.kernels;

import dev.gradus.tensor.kernels.Conv.Geometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution for stride 1 and dilation 1 on the Vector API (loaded only when
 * {@link VectorSupport#enabled()}): the three products of {@link Conv} without a patches matrix.
 *
 * <p>With stride 1, row {@code (b, oy, ox)} of the patches matrix is {@code kh} runs of
 * {@code kw * c} contiguous floats of the (padded) input, one per kernel row, so the micro-kernels
 * read the input where it lies: im2col wrote, and GEMM's packing then copied again, {@code kh * kw}
 * times the input per product, which cost as much as the arithmetic for mnist_convnet's shapes.
 * Each micro-kernel holds 6 rows x 2 vectors of its output in registers (15 vector registers with
 * its operands, so it also fits AVX2's 16) and does one FMA per accumulator per step, in the same
 * order as the GEMM it replaces:
 * <ul>
 *   <li>forward: 6 output pixels x 2 vectors of output channels, over the kernel's rows;
 *   <li>input gradient: 6 output pixels x 2 vectors of patch columns, over the output channels,
 *       added straight into the input gradient (col2im fused in);
 *   <li>kernel gradient: 6 patch columns x 2 vectors of output channels, over the output pixels of
 *       a few images at a time, so their slice of the output gradient stays in L2.
 * </ul>
 * Windows that reach into the padding read from (or write to) a zero-padded copy of the input.
 */
final class VectorConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NB = 2 * L; // columns per micro-kernel
    /**
     * Columns per wide micro-kernel: 6 x 4 vectors, 24 accumulators, loads 10 operands per 24 FMAs
     * against the narrow one's 8 per 12 (conv2 of mnist_convnet: 83 -> 102 GFLOP/s on one core).
     * Only with 32 vector registers (AVX-512); AVX2's 16 would spill.
     */
    private static final int WB = L >= 16 ? 4 * L : NB;
    private static final int MR = 6;     // rows per micro-kernel
    /**
     * Multiply-adds from which a forward pass over fewer images than threads splits its output pixels across the
     * team: mnist_convnet's second convolution at batch 1 (2.2 M) does, its first (195 K, ~4 us) runs whole.
     */
    private static final long ROW_SPLIT_WORK = 1L << 20;
    /** Floats of output gradient plus input per chunk of images in the kernel gradient: half of a 1 MB L2. */
    private static final int CHUNK_FLOATS = 1 << 17;

    private VectorConv() {}

    /** True when the direct kernels handle this convolution: stride 1, dilation 1, channel counts in whole column blocks. */
    static boolean applies(Geometry g, boolean inputGradient) {
        return g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && g.o % NB == 0
                && (!inputGradient || g.c % NB == 0);
    }

    private static int paddedHeight(Geometry g) {
        return g.oh + g.kh - 1;
    }

    private static int paddedWidth(Geometry g) {
        return g.ow + g.kw - 1;
    }

    private static boolean unpadded(Geometry g) {
        return g.padTop == 0 && g.padLeft == 0 && paddedHeight(g) == g.h && paddedWidth(g) == g.w;
    }

    /** x laid out as {@code (n, oh + kh - 1, ow + kw - 1, c)}, so every window lies inside: x itself, or a zero-padded copy. */
    private static float[] padded(float[] x, Geometry g) {
        if (unpadded(g)) return x;
        float[] p = new float[g.n * paddedHeight(g) * paddedWidth(g) * g.c];
        copyInside(x, p, g, true);
        return p;
    }

    /**
     * Copies the pixels that lie both in the input {@code (n, h, w, c)} and in its padded layout,
     * from the input into the padded array ({@code toPadded}) or back; the rest is left as it is.
     */
    private static void copyInside(float[] from, float[] to, Geometry g, boolean toPadded) {
        int hp = paddedHeight(g), wp = paddedWidth(g), c = g.c;
        int ix0 = Math.max(0, -g.padLeft), ix1 = Math.min(g.w, wp - g.padLeft);
        if (ix1 <= ix0) return;
        for (int b = 0; b < g.n; b++) {
            for (int iy = Math.max(0, -g.padTop); iy < Math.min(g.h, hp - g.padTop); iy++) {
                int plain = ((b * g.h + iy) * g.w + ix0) * c, inPadded = ((b * hp + iy + g.padTop) * wp + ix0 + g.padLeft) * c;
                if (toPadded) System.arraycopy(from, plain, to, inPadded, (ix1 - ix0) * c);
                else System.arraycopy(from, inPadded, to, plain, (ix1 - ix0) * c);
            }
        }
    }

    /** Input positions of the next tile's rows: fills {@code base} and returns the cursor after them. */
    private static final class Cursor {
        int b, oy, ox;
        final int[] base = new int[MR];

        Cursor(int b) {
            this.b = b;
        }

        /** A cursor at output pixel {@code row} of the whole batch (image row / (oh * ow), then its y and x). */
        static Cursor atRow(Geometry g, int row) {
            int perImage = g.rowsPerImage(), inImage = row % perImage;
            Cursor at = new Cursor(row / perImage);
            at.oy = inImage / g.ow;
            at.ox = inImage % g.ow;
            return at;
        }

        /** Bases (in a padded input of width wp, c channels) of the next {@code rows} output pixels; the rest repeat the last. */
        void next(Geometry g, int hp, int wp, int rows, int pixelStride) {
            for (int i = 0; i < MR; i++) {
                if (i >= rows) {
                    base[i] = base[rows - 1];
                    continue;
                }
                base[i] = ((b * hp + oy) * wp + ox) * pixelStride;
                if (++ox == g.ow) {
                    ox = 0;
                    if (++oy == g.oh) {
                        oy = 0;
                        b++;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ forward

    /**
     * The convolution, then {@code max(y + bias, floor)} as each tile is stored: floor 0 for a
     * ReLU, else -infinity (which keeps NaNs, as {@code Math.max}). No bias adds +0, which changes
     * no sum: the accumulators start at +0, so a sum is never -0.
     */
    static float[] forward(float[] x, float[] kernel, Geometry g, float[] bias, boolean relu) {
        float[] xp = padded(x, g);
        float[] y = StepBuffers.take(g.n * g.oh * g.ow * g.o);
        if (y.length == 0) return y;
        float[] b = bias != null ? bias : new float[g.o];
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        int parts = Conv.parts(g), perImage = g.rowsPerImage();
        if (parts == 1 && g.n < Parallel.threads()) {
            // fewer images than threads (batch-1 inference): the threads split the output pixels in whole tiles
            int tiles = (g.n * perImage + MR - 1) / MR;
            long work = (long) g.n * perImage * g.patchCols() * g.o;
            if (tiles >= 2 * Parallel.threads() && work >= ROW_SPLIT_WORK && !Parallel.inLoop()) {
                Parallel.forChunks(tiles, Parallel.threads(), (t0, t1) ->
                        forwardRows(xp, kernel, b, floor, g, t0 * MR, Math.min(g.n * perImage, t1 * MR), y));
                return y;
            }
        }
        Conv.forGroups(g, parts, (part, lo, hi) -> forwardRows(xp, kernel, b, floor, g, lo * perImage, hi * perImage, y));
        return y;
    }

    /** Output pixels [r0, r1) of the batch (image-major), every output channel. */
    private static void forwardRows(float[] xp, float[] k, float[] bias, float floor, Geometry g, int r0, int r1, float[] y) {
        int hp = paddedHeight(g), wp = paddedWidth(g), o = g.o;
        int[] off = patchOffsets(g);
        float[] tile = new float[MR * WB];
        Cursor at = Cursor.atRow(g, r0);
        int[] a = at.base;
        for (int r = r0; r < r1; r += MR) {
            int rows = Math.min(MR, r1 - r);
            at.next(g, hp, wp, rows, g.c);
            for (int col = 0; col < o; ) {
                int width = col + WB <= o ? WB : NB;
                // the last rows of the group go through a scratch tile, and only the real rows are copied out
                float[] out = rows == MR ? y : tile;
                int yi = rows == MR ? r * o + col : 0, ldy = rows == MR ? o : width;
                if (width == NB) forwardTile(xp, a[0], a[1], a[2], a[3], a[4], a[5], off, k, col, o, bias, floor, out, yi, ldy);
                else forwardTileWide(xp, a[0], a[1], a[2], a[3], a[4], a[5], off, k, col, o, bias, floor, out, yi, ldy);
                if (rows < MR) for (int i = 0; i < rows; i++) System.arraycopy(tile, i * width, y, (r + i) * o + col, width);
                col += width;
            }
        }
    }

    /** Where patch column p lies relative to its window's first pixel, in the padded input. */
    private static int[] patchOffsets(Geometry g) {
        int run = g.kw * g.c, rowStride = paddedWidth(g) * g.c;
        int[] off = new int[g.kh * run];
        for (int p = 0; p < off.length; p++) off[p] = p / run * rowStride + p % run;
        return off;
    }

    /*
     * The micro-kernels keep one flat loop, its bounds and offsets in arrays, and no branch: with
     * nested loops around the accumulators, accumulators loaded or stored under a condition, or
     * vectors handed to a helper that C2 did not inline ("callee is too large"), JDK 17's C2 kept
     * the vector boxes (depending on which branches had run when it compiled), and a product ran
     * 10-20x slower, allocating a vector per FMA. Each kernel is one method with its stores written out.
     */

    /**
     * y rows [yi, yi + 6*ldy), 2 vectors at each = max(sum over patch columns p of
     * x[a_i + off[p]] * k[p*ldk + kcol ...] + bias[kcol ...], floor).
     */
    private static void forwardTile(float[] x, int a0, int a1, int a2, int a3, int a4, int a5, int[] off,
                                    float[] k, int kcol, int ldk, float[] bias, float floor, float[] y, int yi, int ldy) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0, kp = kcol; p < off.length; p++, kp += ldk) {
            int q = off[p];
            FloatVector b0 = FloatVector.fromArray(S, k, kp), b1 = FloatVector.fromArray(S, k, kp + L);
            FloatVector v = FloatVector.broadcast(S, x[a0 + q]);
            c00 = v.fma(b0, c00); c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, x[a1 + q]);
            c10 = v.fma(b0, c10); c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, x[a2 + q]);
            c20 = v.fma(b0, c20); c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, x[a3 + q]);
            c30 = v.fma(b0, c30); c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, x[a4 + q]);
            c40 = v.fma(b0, c40); c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, x[a5 + q]);
            c50 = v.fma(b0, c50); c51 = v.fma(b1, c51);
        }
        FloatVector e0 = FloatVector.fromArray(S, bias, kcol), e1 = FloatVector.fromArray(S, bias, kcol + L);
        FloatVector lo = FloatVector.broadcast(S, floor);
        c00 = c00.add(e0).max(lo); c01 = c01.add(e1).max(lo); c10 = c10.add(e0).max(lo); c11 = c11.add(e1).max(lo);
        c20 = c20.add(e0).max(lo); c21 = c21.add(e1).max(lo); c30 = c30.add(e0).max(lo); c31 = c31.add(e1).max(lo);
        c40 = c40.add(e0).max(lo); c41 = c41.add(e1).max(lo); c50 = c50.add(e0).max(lo); c51 = c51.add(e1).max(lo);
        c00.intoArray(y, yi); c01.intoArray(y, yi + L);
        c10.intoArray(y, yi + ldy); c11.intoArray(y, yi + ldy + L);
        c20.intoArray(y, yi + 2 * ldy); c21.intoArray(y, yi + 2 * ldy + L);
        c30.intoArray(y, yi + 3 * ldy); c31.intoArray(y, yi + 3 * ldy + L);
        c40.intoArray(y, yi + 4 * ldy); c41.intoArray(y, yi + 4 * ldy + L);
        c50.intoArray(y, yi + 5 * ldy); c51.intoArray(y, yi + 5 * ldy + L);
    }

    /** {@link #forwardTile} over 4 vectors of output channels. */
    private static void forwardTileWide(float[] x, int a0, int a1, int a2, int a3, int a4, int a5, int[] off,
                                        float[] k, int kcol, int ldk, float[] bias, float floor, float[] y, int yi, int ldy) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00, c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int p = 0, kp = kcol; p < off.length; p++, kp += ldk) {
            int q = off[p];
            FloatVector b0 = FloatVector.fromArray(S, k, kp), b1 = FloatVector.fromArray(S, k, kp + L);
            FloatVector b2 = FloatVector.fromArray(S, k, kp + 2 * L), b3 = FloatVector.fromArray(S, k, kp + 3 * L);
            FloatVector v = FloatVector.broadcast(S, x[a0 + q]);
            c00 = v.fma(b0, c00); c01 = v.fma(b1, c01); c02 = v.fma(b2, c02); c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, x[a1 + q]);
            c10 = v.fma(b0, c10); c11 = v.fma(b1, c11); c12 = v.fma(b2, c12); c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, x[a2 + q]);
            c20 = v.fma(b0, c20); c21 = v.fma(b1, c21); c22 = v.fma(b2, c22); c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, x[a3 + q]);
            c30 = v.fma(b0, c30); c31 = v.fma(b1, c31); c32 = v.fma(b2, c32); c33 = v.fma(b3, c33);
            v = FloatVector.broadcast(S, x[a4 + q]);
            c40 = v.fma(b0, c40); c41 = v.fma(b1, c41); c42 = v.fma(b2, c42); c43 = v.fma(b3, c43);
            v = FloatVector.broadcast(S, x[a5 + q]);
            c50 = v.fma(b0, c50); c51 = v.fma(b1, c51); c52 = v.fma(b2, c52); c53 = v.fma(b3, c53);
        }
        FloatVector e0 = FloatVector.fromArray(S, bias, kcol), e1 = FloatVector.fromArray(S, bias, kcol + L);
        FloatVector e2 = FloatVector.fromArray(S, bias, kcol + 2 * L), e3 = FloatVector.fromArray(S, bias, kcol + 3 * L);
        FloatVector lo = FloatVector.broadcast(S, floor);
        c00 = c00.add(e0).max(lo); c01 = c01.add(e1).max(lo); c02 = c02.add(e2).max(lo); c03 = c03.add(e3).max(lo);
        c10 = c10.add(e0).max(lo); c11 = c11.add(e1).max(lo); c12 = c12.add(e2).max(lo); c13 = c13.add(e3).max(lo);
        c20 = c20.add(e0).max(lo); c21 = c21.add(e1).max(lo); c22 = c22.add(e2).max(lo); c23 = c23.add(e3).max(lo);
        c30 = c30.add(e0).max(lo); c31 = c31.add(e1).max(lo); c32 = c32.add(e2).max(lo); c33 = c33.add(e3).max(lo);
        c40 = c40.add(e0).max(lo); c41 = c41.add(e1).max(lo); c42 = c42.add(e2).max(lo); c43 = c43.add(e3).max(lo);
        c50 = c50.add(e0).max(lo); c51 = c51.add(e1).max(lo); c52 = c52.add(e2).max(lo); c53 = c53.add(e3).max(lo);
        c00.intoArray(y, yi); c01.intoArray(y, yi + L); c02.intoArray(y, yi + 2 * L); c03.intoArray(y, yi + 3 * L);
        yi += ldy;
        c10.intoArray(y, yi); c11.intoArray(y, yi + L); c12.intoArray(y, yi + 2 * L); c13.intoArray(y, yi + 3 * L);
        yi += ldy;
        c20.intoArray(y, yi); c21.intoArray(y, yi + L); c22.intoArray(y, yi + 2 * L); c23.intoArray(y, yi + 3 * L);
        yi += ldy;
        c30.intoArray(y, yi); c31.intoArray(y, yi + L); c32.intoArray(y, yi + 2 * L); c33.intoArray(y, yi + 3 * L);
        yi += ldy;
        c40.intoArray(y, yi); c41.intoArray(y, yi + L); c42.intoArray(y, yi + 2 * L); c43.intoArray(y, yi + 3 * L);
        yi += ldy;
        c50.intoArray(y, yi); c51.intoArray(y, yi + L); c52.intoArray(y, yi + 2 * L); c53.intoArray(y, yi + 3 * L);
    }

    // ------------------------------------------------------------------ input gradient

    static float[] backpropInput(float[] dy, float[] kernel, Geometry g) {
        int hp = paddedHeight(g), wp = paddedWidth(g), c = g.c, o = g.o, kc = g.kh * g.kw * c;
        boolean direct = unpadded(g);
        float[] dxp = direct ? StepBuffers.take(g.n * g.h * g.w * c) : new float[g.n * hp * wp * c];
        if (dxp.length == 0 || g.oh * g.ow == 0) return StepBuffers.zeros(g.n * g.h * g.w * c);
        boolean clear = direct && StepBuffers.replaying(); // a reused buffer is cleared per group, in parallel
        int inImage = hp * wp * c;
        float[] kt = new float[o * kc]; // kernel^T: row co holds the kernel's column co
        for (int p = 0; p < kc; p++) for (int j = 0; j < o; j++) kt[j * kc + p] = kernel[p * o + j];
        Conv.forGroups(g, Conv.parts(g), (part, lo, hi) -> {
            if (clear) java.util.Arrays.fill(dxp, lo * inImage, hi * inImage, 0f);
            inputImages(dy, kt, g, lo, hi, dxp);
        });
        if (direct) return dxp;
        float[] dx = StepBuffers.zeros(g.n * g.h * g.w * c);
        copyInside(dxp, dx, g, false);
        return dx;
    }

    private static void inputImages(float[] dy, float[] kt, Geometry g, int lo, int hi, float[] dxp) {
        int hp = paddedHeight(g), wp = paddedWidth(g), o = g.o, c = g.c, perImage = g.oh * g.ow;
        int[] off = patchOffsets(g); // c % (2 * L) == 0, so each vector of patch columns is contiguous in dxp
        int kc = off.length;
        float[] tile = new float[MR * WB];
        Cursor at = new Cursor(lo);
        int[] a = at.base;
        for (int r = lo * perImage, end = hi * perImage; r < end; r += MR) {
            int rows = Math.min(MR, end - r);
            at.next(g, hp, wp, rows, c);
            int d = r * o, last = (r + rows - 1) * o;
            int d1 = Math.min(d + o, last), d2 = Math.min(d + 2 * o, last), d3 = Math.min(d + 3 * o, last);
            int d4 = Math.min(d + 4 * o, last), d5 = Math.min(d + 5 * o, last);
            for (int p = 0; p < kc; ) {
                int width = p + WB <= kc ? WB : NB;
                if (width == NB) inputTile(dy, d, d1, d2, d3, d4, d5, o, kt, p, kc, tile);
                else inputTileWide(dy, d, d1, d2, d3, d4, d5, o, kt, p, kc, tile);
                for (int i = 0; i < rows; i++)
                    for (int v = 0; v < width; v += L) addVector(tile, i * width + v, dxp, a[i] + off[p + v]);
                p += width;
            }
        }
    }

    /** tile (6 rows of 2 vectors) = sum over co of dy[d_i + co] * kt[co*ldk + kcol ...]. */
    private static void inputTile(float[] dy, int d0, int d1, int d2, int d3, int d4, int d5, int o,
                                  float[] kt, int kcol, int ldk, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int co = 0, kp = kcol; co < o; co++, kp += ldk) {
            FloatVector b0 = FloatVector.fromArray(S, kt, kp), b1 = FloatVector.fromArray(S, kt, kp + L);
            FloatVector v = FloatVector.broadcast(S, dy[d0 + co]);
            c00 = v.fma(b0, c00); c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, dy[d1 + co]);
            c10 = v.fma(b0, c10); c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, dy[d2 + co]);
            c20 = v.fma(b0, c20); c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, dy[d3 + co]);
            c30 = v.fma(b0, c30); c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, dy[d4 + co]);
            c40 = v.fma(b0, c40); c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, dy[d5 + co]);
            c50 = v.fma(b0, c50); c51 = v.fma(b1, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, 0 + L);
        c10.intoArray(tile, 0 + NB); c11.intoArray(tile, 0 + NB + L);
        c20.intoArray(tile, 0 + 2 * NB); c21.intoArray(tile, 0 + 2 * NB + L);
        c30.intoArray(tile, 0 + 3 * NB); c31.intoArray(tile, 0 + 3 * NB + L);
        c40.intoArray(tile, 0 + 4 * NB); c41.intoArray(tile, 0 + 4 * NB + L);
        c50.intoArray(tile, 0 + 5 * NB); c51.intoArray(tile, 0 + 5 * NB + L);
    }

    /** {@link #inputTile} over 4 vectors of patch columns, the tile's rows 4 vectors apart. */
    private static void inputTileWide(float[] dy, int d0, int d1, int d2, int d3, int d4, int d5, int o,
                                      float[] kt, int kcol, int ldk, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00, c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int co = 0, kp = kcol; co < o; co++, kp += ldk) {
            FloatVector b0 = FloatVector.fromArray(S, kt, kp), b1 = FloatVector.fromArray(S, kt, kp + L);
            FloatVector b2 = FloatVector.fromArray(S, kt, kp + 2 * L), b3 = FloatVector.fromArray(S, kt, kp + 3 * L);
            FloatVector v = FloatVector.broadcast(S, dy[d0 + co]);
            c00 = v.fma(b0, c00); c01 = v.fma(b1, c01); c02 = v.fma(b2, c02); c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, dy[d1 + co]);
            c10 = v.fma(b0, c10); c11 = v.fma(b1, c11); c12 = v.fma(b2, c12); c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, dy[d2 + co]);
            c20 = v.fma(b0, c20); c21 = v.fma(b1, c21); c22 = v.fma(b2, c22); c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, dy[d3 + co]);
            c30 = v.fma(b0, c30); c31 = v.fma(b1, c31); c32 = v.fma(b2, c32); c33 = v.fma(b3, c33);
            v = FloatVector.broadcast(S, dy[d4 + co]);
            c40 = v.fma(b0, c40); c41 = v.fma(b1, c41); c42 = v.fma(b2, c42); c43 = v.fma(b3, c43);
            v = FloatVector.broadcast(S, dy[d5 + co]);
            c50 = v.fma(b0, c50); c51 = v.fma(b1, c51); c52 = v.fma(b2, c52); c53 = v.fma(b3, c53);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c02.intoArray(tile, 2 * L); c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, WB); c11.intoArray(tile, WB + L); c12.intoArray(tile, WB + 2 * L); c13.intoArray(tile, WB + 3 * L);
        c20.intoArray(tile, 2 * WB); c21.intoArray(tile, 2 * WB + L); c22.intoArray(tile, 2 * WB + 2 * L); c23.intoArray(tile, 2 * WB + 3 * L);
        c30.intoArray(tile, 3 * WB); c31.intoArray(tile, 3 * WB + L); c32.intoArray(tile, 3 * WB + 2 * L); c33.intoArray(tile, 3 * WB + 3 * L);
        c40.intoArray(tile, 4 * WB); c41.intoArray(tile, 4 * WB + L); c42.intoArray(tile, 4 * WB + 2 * L); c43.intoArray(tile, 4 * WB + 3 * L);
        c50.intoArray(tile, 5 * WB); c51.intoArray(tile, 5 * WB + L); c52.intoArray(tile, 5 * WB + 2 * L); c53.intoArray(tile, 5 * WB + 3 * L);
    }

    /** dx[t .. t + 1 vector) += tile[i ..]. */
    private static void addVector(float[] tile, int i, float[] dx, int t) {
        FloatVector.fromArray(S, dx, t).add(FloatVector.fromArray(S, tile, i)).intoArray(dx, t);
    }

    // ------------------------------------------------------------------ kernel gradient

    static float[] backpropFilter(float[] x, float[] dy, Geometry g) {
        int kc = g.kh * g.kw * g.c, size = kc * g.o, parts = Conv.parts(g);
        if (size == 0 || g.oh * g.ow == 0 || g.n == 0) return new float[size];
        float[] xp = padded(x, g);
        float[][] partial = new float[parts][];
        Conv.forGroups(g, parts, (part, lo, hi) -> {
            float[] dk = new float[size];
            filterImages(xp, dy, g, lo, hi, dk);
            partial[part] = dk;
        });
        // summed in a fixed order, so that results do not depend on thread timing
        float[] dk = partial[0];
        for (int p = 1; p < parts; p++) for (int i = 0; i < size; i++) dk[i] += partial[p][i];
        return dk;
    }

    private static void filterImages(float[] xp, float[] dy, Geometry g, int lo, int hi, float[] dk) {
        int o = g.o, c = g.c, perImage = g.oh * g.ow, wp = paddedWidth(g);
        int imageStride = paddedHeight(g) * wp * c;
        int[] off = patchOffsets(g);
        int kc = off.length;
        int chunk = Math.max(1, CHUNK_FLOATS / (perImage * o + imageStride));
        // where the window of output pixel r of a chunk's image j starts, relative to the chunk's first image:
        // a chunk's output gradient rows are contiguous, so one kernel call runs over all of its pixels
        int[] pixel = new int[chunk * perImage];
        for (int j = 0, i = 0; j < chunk; j++)
            for (int r = 0; r < perImage; r++) pixel[i++] = j * imageStride + (r / g.ow * wp + r % g.ow) * c;
        float[] tile = new float[MR * WB];
        for (int b0 = lo; b0 < hi; b0 += chunk) {
            int count = (Math.min(hi, b0 + chunk) - b0) * perImage, xb = b0 * imageStride, db = b0 * perImage * o;
            for (int col = 0; col < o; ) {
                int width = col + WB <= o ? WB : NB;
                for (int p = 0; p < kc; p += MR) {
                    int rows = Math.min(MR, kc - p), last = p + rows - 1;
                    int o0 = xb + off[p], o1 = xb + off[Math.min(p + 1, last)], o2 = xb + off[Math.min(p + 2, last)];
                    int o3 = xb + off[Math.min(p + 3, last)], o4 = xb + off[Math.min(p + 4, last)];
                    int o5 = xb + off[Math.min(p + 5, last)];
                    java.util.Arrays.fill(tile, 0f);
                    for (int i = 0; i < rows; i++) System.arraycopy(dk, (p + i) * o + col, tile, i * width, width);
                    if (width == NB) filterTile(xp, o0, o1, o2, o3, o4, o5, pixel, count, dy, db + col, o, tile);
                    else filterTileWide(xp, o0, o1, o2, o3, o4, o5, pixel, count, dy, db + col, o, tile);
                    for (int i = 0; i < rows; i++) System.arraycopy(tile, i * width, dk, (p + i) * o + col, width);
                }
                col += width;
            }
        }
    }

    /**
     * tile (6 rows of 2 vectors) += sum over the first {@code count} output pixels r of a chunk of images of
     * x[a_i + pixel[r]] * dy[d + r*ldy ...].
     */
    private static void filterTile(float[] x, int a0, int a1, int a2, int a3, int a4, int a5, int[] pixel,
                                   int count, float[] dy, int d, int ldy, float[] tile) {
        FloatVector c00 = FloatVector.fromArray(S, tile, 0), c01 = FloatVector.fromArray(S, tile, L);
        FloatVector c10 = FloatVector.fromArray(S, tile, NB), c11 = FloatVector.fromArray(S, tile, NB + L);
        FloatVector c20 = FloatVector.fromArray(S, tile, 2 * NB), c21 = FloatVector.fromArray(S, tile, 2 * NB + L);
        FloatVector c30 = FloatVector.fromArray(S, tile, 3 * NB), c31 = FloatVector.fromArray(S, tile, 3 * NB + L);
        FloatVector c40 = FloatVector.fromArray(S, tile, 4 * NB), c41 = FloatVector.fromArray(S, tile, 4 * NB + L);
        FloatVector c50 = FloatVector.fromArray(S, tile, 5 * NB), c51 = FloatVector.fromArray(S, tile, 5 * NB + L);
        for (int r = 0, dr = d; r < count; r++, dr += ldy) {
            int q = pixel[r];
            FloatVector g0 = FloatVector.fromArray(S, dy, dr), g1 = FloatVector.fromArray(S, dy, dr + L);
            FloatVector v = FloatVector.broadcast(S, x[a0 + q]);
            c00 = v.fma(g0, c00); c01 = v.fma(g1, c01);
            v = FloatVector.broadcast(S, x[a1 + q]);
            c10 = v.fma(g0, c10); c11 = v.fma(g1, c11);
            v = FloatVector.broadcast(S, x[a2 + q]);
            c20 = v.fma(g0, c20); c21 = v.fma(g1, c21);
            v = FloatVector.broadcast(S, x[a3 + q]);
            c30 = v.fma(g0, c30); c31 = v.fma(g1, c31);
            v = FloatVector.broadcast(S, x[a4 + q]);
            c40 = v.fma(g0, c40); c41 = v.fma(g1, c41);
            v = FloatVector.broadcast(S, x[a5 + q]);
            c50 = v.fma(g0, c50); c51 = v.fma(g1, c51);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, 0 + L);
        c10.intoArray(tile, 0 + NB); c11.intoArray(tile, 0 + NB + L);
        c20.intoArray(tile, 0 + 2 * NB); c21.intoArray(tile, 0 + 2 * NB + L);
        c30.intoArray(tile, 0 + 3 * NB); c31.intoArray(tile, 0 + 3 * NB + L);
        c40.intoArray(tile, 0 + 4 * NB); c41.intoArray(tile, 0 + 4 * NB + L);
        c50.intoArray(tile, 0 + 5 * NB); c51.intoArray(tile, 0 + 5 * NB + L);
    }

    /** {@link #filterTile} over 4 vectors of output channels, the tile's rows 4 vectors apart. */
    private static void filterTileWide(float[] x, int a0, int a1, int a2, int a3, int a4, int a5, int[] pixel,
                                       int count, float[] dy, int d, int ldy, float[] tile) {
        FloatVector c00 = FloatVector.fromArray(S, tile, 0), c01 = FloatVector.fromArray(S, tile, L);
        FloatVector c02 = FloatVector.fromArray(S, tile, 2 * L), c03 = FloatVector.fromArray(S, tile, 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, tile, WB), c11 = FloatVector.fromArray(S, tile, WB + L);
        FloatVector c12 = FloatVector.fromArray(S, tile, WB + 2 * L), c13 = FloatVector.fromArray(S, tile, WB + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, tile, 2 * WB), c21 = FloatVector.fromArray(S, tile, 2 * WB + L);
        FloatVector c22 = FloatVector.fromArray(S, tile, 2 * WB + 2 * L), c23 = FloatVector.fromArray(S, tile, 2 * WB + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, tile, 3 * WB), c31 = FloatVector.fromArray(S, tile, 3 * WB + L);
        FloatVector c32 = FloatVector.fromArray(S, tile, 3 * WB + 2 * L), c33 = FloatVector.fromArray(S, tile, 3 * WB + 3 * L);
        FloatVector c40 = FloatVector.fromArray(S, tile, 4 * WB), c41 = FloatVector.fromArray(S, tile, 4 * WB + L);
        FloatVector c42 = FloatVector.fromArray(S, tile, 4 * WB + 2 * L), c43 = FloatVector.fromArray(S, tile, 4 * WB + 3 * L);
        FloatVector c50 = FloatVector.fromArray(S, tile, 5 * WB), c51 = FloatVector.fromArray(S, tile, 5 * WB + L);
        FloatVector c52 = FloatVector.fromArray(S, tile, 5 * WB + 2 * L), c53 = FloatVector.fromArray(S, tile, 5 * WB + 3 * L);
        for (int r = 0, dr = d; r < count; r++, dr += ldy) {
            int q = pixel[r];
            FloatVector g0 = FloatVector.fromArray(S, dy, dr), g1 = FloatVector.fromArray(S, dy, dr + L);
            FloatVector g2 = FloatVector.fromArray(S, dy, dr + 2 * L), g3 = FloatVector.fromArray(S, dy, dr + 3 * L);
            FloatVector v = FloatVector.broadcast(S, x[a0 + q]);
            c00 = v.fma(g0, c00); c01 = v.fma(g1, c01); c02 = v.fma(g2, c02); c03 = v.fma(g3, c03);
            v = FloatVector.broadcast(S, x[a1 + q]);
            c10 = v.fma(g0, c10); c11 = v.fma(g1, c11); c12 = v.fma(g2, c12); c13 = v.fma(g3, c13);
            v = FloatVector.broadcast(S, x[a2 + q]);
            c20 = v.fma(g0, c20); c21 = v.fma(g1, c21); c22 = v.fma(g2, c22); c23 = v.fma(g3, c23);
            v = FloatVector.broadcast(S, x[a3 + q]);
            c30 = v.fma(g0, c30); c31 = v.fma(g1, c31); c32 = v.fma(g2, c32); c33 = v.fma(g3, c33);
            v = FloatVector.broadcast(S, x[a4 + q]);
            c40 = v.fma(g0, c40); c41 = v.fma(g1, c41); c42 = v.fma(g2, c42); c43 = v.fma(g3, c43);
            v = FloatVector.broadcast(S, x[a5 + q]);
            c50 = v.fma(g0, c50); c51 = v.fma(g1, c51); c52 = v.fma(g2, c52); c53 = v.fma(g3, c53);
        }
        c00.intoArray(tile, 0); c01.intoArray(tile, L); c02.intoArray(tile, 2 * L); c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, WB); c11.intoArray(tile, WB + L); c12.intoArray(tile, WB + 2 * L); c13.intoArray(tile, WB + 3 * L);
        c20.intoArray(tile, 2 * WB); c21.intoArray(tile, 2 * WB + L); c22.intoArray(tile, 2 * WB + 2 * L); c23.intoArray(tile, 2 * WB + 3 * L);
        c30.intoArray(tile, 3 * WB); c31.intoArray(tile, 3 * WB + L); c32.intoArray(tile, 3 * WB + 2 * L); c33.intoArray(tile, 3 * WB + 3 * L);
        c40.intoArray(tile, 4 * WB); c41.intoArray(tile, 4 * WB + L); c42.intoArray(tile, 4 * WB + 2 * L); c43.intoArray(tile, 4 * WB + 3 * L);
        c50.intoArray(tile, 5 * WB); c51.intoArray(tile, 5 * WB + L); c52.intoArray(tile, 5 * WB + 2 * L); c53.intoArray(tile, 5 * WB + 3 * L);
    }
}
