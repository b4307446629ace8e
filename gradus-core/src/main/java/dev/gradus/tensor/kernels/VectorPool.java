package dev.gradus.tensor.kernels;

import dev.gradus.tensor.kernels.Conv.Geometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling's vector loop (loaded only when {@link VectorSupport#enabled()}): one vector of
 * channels at a time, the running maximum and its flat input index kept in registers over the
 * window, so each output is stored once. The comparison is the scalar loop's ({@code v > best},
 * so the first maximum wins and a NaN never replaces a number).
 */
final class VectorPool {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final IntVector IOTA = IntVector.zero(I).addIndex(1);

    private VectorPool() {}

    /** One output pixel's window, channels {@code [0, c / L * L)}; returns where the scalar tail starts. */
    static int window(float[] x, Geometry g, int b, int y0, int y1, int x0, int x1, float[] y, int[] argmax, int out) {
        int L = S.length(), ub = g.c / L * L;
        for (int j = 0; j < ub; j += L) window(x, g, b, y0, y1, x0, x1, j, y, argmax, out + j);
        return ub;
    }

    private static void window(float[] x, Geometry g, int b, int y0, int y1, int x0, int x1, int j,
                               float[] y, int[] argmax, int out) {
        int c = g.c;
        int first = ((b * g.h + y0) * g.w + x0) * c + j;
        FloatVector best = FloatVector.fromArray(S, x, first);
        IntVector at = IOTA.add(first);
        // one flat loop over the window: with nested loops around the vectors, JDK 17's C2 kept
        // them boxed (5.4 ms instead of 1.0 ms for mnist_convnet's first pool)
        int width = x1 - x0, count = (y1 - y0) * width, rowSkip = (g.w - width) * c;
        for (int t = 1, src = first, ix = 1; t < count; t++, ix++) {
            if (ix == width) {
                ix = 0;
                src += rowSkip;
            }
            src += c;
            FloatVector v = FloatVector.fromArray(S, x, src);
            VectorMask<Float> greater = v.compare(VectorOperators.GT, best);
            best = best.blend(v, greater);
            at = at.blend(IOTA.add(src), greater.cast(I));
        }
        best.intoArray(y, out);
        at.intoArray(argmax, out);
    }

    /**
     * {@code masked[i] = (0 + dy[base + i]) * (pooled[base + i] > 0 ? 1 : 0)} for {@code i} in whole vectors of
     * {@code [0, count)}; returns where the scalar tail starts.
     */
    static int mask(float[] dy, float[] pooled, int base, int count, float[] masked) {
        int L = S.length(), ub = count / L * L;
        for (int i = 0; i < ub; i += L) masked(dy, pooled, base + i).intoArray(masked, i);
        return ub;
    }

    /**
     * One input pixel's channels {@code [0, c / L * L)} of max pooling's gradient: {@code masked[at + j]} where the
     * window's maximum was taken from this element ({@code index[indexAt + j] == pos + j}), else +0; returns where
     * the scalar tail starts.
     */
    static int unpool(float[] masked, int[] index, int at, int indexAt, int pos, int c, float[] dz) {
        int L = S.length(), ub = c / L * L;
        FloatVector zeros = FloatVector.zero(S);
        for (int j = 0; j < ub; j += L) {
            VectorMask<Integer> hit = IntVector.fromArray(I, index, indexAt + j).compare(VectorOperators.EQ, IOTA.add(pos + j));
            zeros.blend(FloatVector.fromArray(S, masked, at + j), hit.cast(S)).intoArray(dz, pos + j);
        }
        return ub;
    }

    /** {@code (0 + dy[i..]) * (pooled[i..] > 0 ? 1 : 0)}, a vector: the ReLU's mask at the pooled maxima, as a multiply. */
    private static FloatVector masked(float[] dy, float[] pooled, int i) {
        VectorMask<Float> positive = FloatVector.fromArray(S, pooled, i).compare(VectorOperators.GT, 0f);
        return FloatVector.fromArray(S, dy, i).add(0f).mul(FloatVector.zero(S).blend(FloatVector.broadcast(S, 1f), positive));
    }

    /** Patch columns whose kernel-gradient sums one pass of {@link #filterBlock} keeps in registers. */
    private static final int BLOCK = 9;

    /**
     * {@code PooledFilterGradient}'s loop over images {@code [b0, b1)}, one vector of output channels and up to
     * {@link #BLOCK} patch columns at a time, their sums in registers. For each image, the (pooled pixel, window
     * position) pairs whose patch lies inside the input are listed first; one flat loop then takes, for each, the
     * lanes whose maximum lies at that position (the rest +0, whose products add nothing) times the patch's inputs.
     * Pairs at the padded edges go lane by lane. Bias sums: per image in float, then in double.
     */
    static void pooledFilter(float[] x, float[] dy, float[] pooled, int[] index, Geometry conv, Geometry pool, int[] patch,
                             int b0, int b1, float[] k, double[] acc) {
        int o = conv.o, L = S.length(), ub = o / L * L, cols = patch.length / 3;
        int[] xoff = new int[cols + BLOCK]; // patch column p's offset in x from its window's first pixel, padded
        for (int p = 0; p < cols; p++) xoff[p] = (patch[3 * p] * conv.w + patch[3 * p + 1]) * conv.c + patch[3 * p + 2];
        int positions = pool.kh * pool.kw;
        int[] items = new int[3 * pool.oh * pool.ow * positions];
        float[] sums = new float[BLOCK * L], dbImage = new float[o];
        for (int b = b0; b < b1; b++) {
            int count = 0;
            java.util.Arrays.fill(dbImage, 0f);
            for (int oy = 0; oy < pool.oh; oy++) {
                int y0 = Math.max(0, oy * pool.sh - pool.padTop), y1 = Math.min(pool.h, oy * pool.sh - pool.padTop + pool.kh);
                for (int ox = 0; ox < pool.ow; ox++) {
                    int x0 = Math.max(0, ox * pool.sw - pool.padLeft), x1 = Math.min(pool.w, ox * pool.sw - pool.padLeft + pool.kw);
                    int i0 = ((b * pool.oh + oy) * pool.ow + ox) * o;
                    for (int j = 0; j < ub; j += L)
                        masked(dy, pooled, i0 + j).add(FloatVector.fromArray(S, dbImage, j)).intoArray(dbImage, j);
                    for (int oc = ub; oc < o; oc++) dbImage[oc] += Pool.maskedGradient(dy, pooled, i0 + oc);
                    for (int yy = y0; yy < y1; yy++)
                        for (int xx = x0; xx < x1; xx++) {
                            int flat = ((b * pool.h + yy) * pool.w + xx) * o;
                            int iy0 = yy * conv.sh - conv.padTop, ix0 = xx * conv.sw - conv.padLeft;
                            if (patchInside(conv, iy0, ix0)) {
                                items[count++] = i0;
                                items[count++] = flat;
                                items[count++] = ((b * conv.h + iy0) * conv.w + ix0) * conv.c;
                            } else {
                                for (int oc = 0; oc < o; oc++) {
                                    int i = i0 + oc;
                                    if (index[i] == flat + oc)
                                        patchInto(x, conv, patch, b, yy, xx, Pool.maskedGradient(dy, pooled, i), k, oc);
                                }
                            }
                        }
                    // channels past the last whole vector, lane by lane
                    for (int oc = ub; oc < o; oc++) {
                        int i = i0 + oc, yx = index[i] / o % (conv.oh * conv.ow), yy = yx / conv.ow, xx = yx % conv.ow;
                        int iy0 = yy * conv.sh - conv.padTop, ix0 = xx * conv.sw - conv.padLeft;
                        if (patchInside(conv, iy0, ix0))
                            patchInto(x, conv, patch, b, yy, xx, Pool.maskedGradient(dy, pooled, i), k, oc);
                    }
                }
            }
            for (int j = 0; j < ub; j += L)
                for (int p0 = 0; p0 < cols; p0 += BLOCK) {
                    filterBlock(x, dy, pooled, index, items, count, xoff, p0, j, sums);
                    for (int p = p0; p < Math.min(cols, p0 + BLOCK); p++)
                        FloatVector.fromArray(S, sums, (p - p0) * L).add(FloatVector.fromArray(S, k, p * o + j)).intoArray(k, p * o + j);
                }
            for (int oc = 0; oc < o; oc++) acc[oc] += dbImage[oc];
        }
    }

    /**
     * Sums over the listed pairs of patch columns {@code [p0, p0 + BLOCK)} for channels {@code [j, j + L)}, into
     * {@code sums} (one vector per column). One flat loop, its accumulators named and its stores written out: with
     * nested loops or vectors handed to a helper, JDK 17's C2 ran the multiply-adds through the Vector API's Java
     * fallback.
     */
    private static void filterBlock(float[] x, float[] dy, float[] pooled, int[] index, int[] items, int count, int[] xoff,
                                    int p0, int j, float[] sums) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0;
        FloatVector zero = a0;
        int o0 = xoff[p0], o1 = xoff[p0 + 1], o2 = xoff[p0 + 2], o3 = xoff[p0 + 3], o4 = xoff[p0 + 4];
        int o5 = xoff[p0 + 5], o6 = xoff[p0 + 6], o7 = xoff[p0 + 7], o8 = xoff[p0 + 8];
        for (int t = 0; t < count; t += 3) {
            int at = items[t] + j, xb = items[t + 2];
            VectorMask<Integer> hit = IntVector.fromArray(I, index, at).compare(VectorOperators.EQ, IOTA.add(items[t + 1] + j));
            FloatVector g = zero.blend(masked(dy, pooled, at), hit.cast(S));
            a0 = FloatVector.broadcast(S, x[xb + o0]).fma(g, a0);
            a1 = FloatVector.broadcast(S, x[xb + o1]).fma(g, a1);
            a2 = FloatVector.broadcast(S, x[xb + o2]).fma(g, a2);
            a3 = FloatVector.broadcast(S, x[xb + o3]).fma(g, a3);
            a4 = FloatVector.broadcast(S, x[xb + o4]).fma(g, a4);
            a5 = FloatVector.broadcast(S, x[xb + o5]).fma(g, a5);
            a6 = FloatVector.broadcast(S, x[xb + o6]).fma(g, a6);
            a7 = FloatVector.broadcast(S, x[xb + o7]).fma(g, a7);
            a8 = FloatVector.broadcast(S, x[xb + o8]).fma(g, a8);
        }
        int L = S.length();
        a0.intoArray(sums, 0); a1.intoArray(sums, L); a2.intoArray(sums, 2 * L); a3.intoArray(sums, 3 * L);
        a4.intoArray(sums, 4 * L); a5.intoArray(sums, 5 * L); a6.intoArray(sums, 6 * L); a7.intoArray(sums, 7 * L);
        a8.intoArray(sums, 8 * L);
    }

    /** Whether the patch whose first input pixel is (iy0, ix0) lies wholly inside the input (none of it in the padding). */
    private static boolean patchInside(Geometry conv, int iy0, int ix0) {
        return iy0 >= 0 && ix0 >= 0 && iy0 + (conv.kh - 1) * conv.dh < conv.h && ix0 + (conv.kw - 1) * conv.dw < conv.w;
    }

    /** One channel's masked gradient {@code gm} times the patch of output pixel (y, x), into column {@code oc} of k. */
    private static void patchInto(float[] x, Geometry conv, int[] patch, int b, int y, int xx, float gm, float[] k, int oc) {
        int o = conv.o, iy0 = y * conv.sh - conv.padTop, ix0 = xx * conv.sw - conv.padLeft;
        for (int p = 0, cols = patch.length / 3; p < cols; p++) {
            int iy = iy0 + patch[3 * p], ix = ix0 + patch[3 * p + 1];
            if (iy < 0 || iy >= conv.h || ix < 0 || ix >= conv.w) continue;
            k[p * o + oc] = Math.fma(x[((b * conv.h + iy) * conv.w + ix) * conv.c + patch[3 * p + 2]], gm, k[p * o + oc]);
        }
    }
}
