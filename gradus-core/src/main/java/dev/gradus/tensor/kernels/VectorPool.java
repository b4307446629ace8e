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
        FloatVector ones = FloatVector.broadcast(S, 1f), zeros = FloatVector.zero(S);
        for (int i = 0; i < ub; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, pooled, base + i).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(S, dy, base + i).add(0f).mul(zeros.blend(ones, positive)).intoArray(masked, i);
        }
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
}
