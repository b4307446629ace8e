package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-step gate arithmetic of {@link RecurrentKernels} on the Vector API (LSTM and GRU rows): a few passes
 * over a row's gates, in L1, that apply sigmoid and tanh ({@link VectorMath}'s lanewise forms, the same bits
 * interpreted and compiled) and the state update, instead of the dozen elementwise ops (each a pass over
 * memory and, under a tape, a node) of a cell's step; each pass holds at most one exp (see {@link #lstm}).
 * Row tails run the scalar twins of the same formulas. Loaded only when {@link VectorSupport#enabled()}.
 */
final class VectorGates {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorGates() {}

    /**
     * One LSTM row: pre-activations {@code z = (xw + hu) + bias} in blocks i, f, g, o ({@code xw} and
     * the gates at {@code xo}, {@code hu} at {@code ho}, bias at 0 or null), then
     * {@code c = f·c + i·g}, {@code h = o·tanh(c)} in place at {@code so}. The activated gates
     * overwrite {@code xw} and {@code tanh(c)} goes to {@code tanhC} at {@code to} when it is not null.
     * {@code scratch} holds at least {@code units} floats.
     *
     * <p>A pass over the row per step of the formula rather than one loop: JDK 17's C2 stops inlining a
     * method's calls once its graph passes a node budget ({@code NodeCountInliningCutoff}), and a loop
     * body holding all five activations (five exps) passed it after the first sigmoid, leaving the
     * other four as calls on boxed vectors, some on the Vector API's Java fallbacks: 560-610 ns a 64-unit
     * row, 270-300 ns in passes. Each pass holds at most one exp. Every element sees the operations of
     * {@link RecurrentKernels#lstmGates} in the same order, so the bits are the same.
     */
    static void lstm(float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, float[] c, int so, int units,
                     float[] tanhC, int to, float[] scratch) {
        preactivations(xw, xo, hu, ho, bias, 4 * units);
        sigmoids(xw, xo, 2 * units); // i and f
        sigmoids(xw, xo + 3 * units, units); // o
        tanhExps(xw, xo + 2 * units, scratch, units); // g
        tanhs(xw, xo + 2 * units, scratch, xw, xo + 2 * units, units);
        cellStates(xw, xo, c, so, units);
        tanhExps(c, so, scratch, units);
        float[] tc = tanhC != null ? tanhC : h;
        int tco = tanhC != null ? to : so;
        tanhs(c, so, scratch, tc, tco, units);
        outputs(xw, xo + 3 * units, tc, tco, h, so, units);
    }

    /** {@code xw[xo + j] = (xw[xo + j] + hu[ho + j]) + bias[j]} for {@code j < n} (no bias when null). */
    private static void preactivations(float[] xw, int xo, float[] hu, int ho, float[] bias, int n) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector z = v(xw, xo + j).add(v(hu, ho + j));
            if (bias != null) z = z.add(v(bias, j));
            z.intoArray(xw, xo + j);
        }
        for (; j < n; j++) {
            float z = xw[xo + j] + hu[ho + j];
            if (bias != null) z += bias[j];
            xw[xo + j] = z;
        }
    }

    /** {@code a[o + j] = sigmoid(a[o + j])} for {@code j < n}. */
    private static void sigmoids(float[] a, int o, int n) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L) VectorMath.sigmoid(v(a, o + j)).intoArray(a, o + j);
        for (; j < n; j++) a[o + j] = VectorMath.sigmoid(a[o + j]);
    }

    /** {@code e[j] = exp(-2|x[xo + j]|)} for {@code j < n}: the first half of {@link VectorMath#tanh(FloatVector)}. */
    private static void tanhExps(float[] x, int xo, float[] e, int n) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L) VectorMath.exp(v(x, xo + j).abs().mul(-2f)).intoArray(e, j);
        // the tail's scalar tanh takes its own exp
    }

    /** {@code out[oo + j] = tanh(x[xo + j])} for {@code j < n}, the vectors from {@link #tanhExps}'s {@code e}. */
    private static void tanhs(float[] x, int xo, float[] e, float[] out, int oo, int n) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L) VectorMath.tanhFromExp(v(x, xo + j), v(e, j)).intoArray(out, oo + j);
        for (; j < n; j++) out[oo + j] = VectorMath.tanh(x[xo + j]);
    }

    /** {@code c = f·c + i·g} for a row's {@code n} units, the activated gates at {@code xo}. */
    private static void cellStates(float[] xw, int xo, float[] c, int so, int n) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L)
            v(xw, xo + n + j).mul(v(c, so + j)).add(v(xw, xo + j).mul(v(xw, xo + 2 * n + j))).intoArray(c, so + j);
        for (; j < n; j++) c[so + j] = xw[xo + n + j] * c[so + j] + xw[xo + j] * xw[xo + 2 * n + j];
    }

    /** {@code h = o·tanh(c)} for {@code n} units, o at {@code oo}, tanh(c) at {@code to}. */
    private static void outputs(float[] o, int oo, float[] tc, int to, float[] h, int so, int n) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L) v(o, oo + j).mul(v(tc, to + j)).intoArray(h, so + j);
        for (; j < n; j++) h[so + j] = o[oo + j] * tc[to + j];
    }

    /**
     * {@link RecurrentKernels#lstmGateGrads} on vectors: one row of an LSTM step's backward, from dh and dc
     * after the step to the pre-activation gradients dz (blocks i, f, g, o) and dc before the step, in
     * place. The scalar loop's products in its order, and its flush of values under
     * {@code Float.MIN_NORMAL} to 0, so the same bits.
     */
    static void lstmGrads(float[] gates, int go, float[] cPrev, float[] tanhC, int to, float[] dh, float[] dc, int so,
                          float[] dz, int u) {
        int L = S.length(), ub = u / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector i = v(gates, go + j), f = v(gates, go + u + j), g = v(gates, go + 2 * u + j), o = v(gates, go + 3 * u + j);
            FloatVector tc = v(tanhC, to + j), dhj = v(dh, so + j);
            FloatVector dcj = v(dc, so + j).add(dhj.mul(o).mul(FloatVector.broadcast(S, 1f).sub(tc.mul(tc))));
            flush(dcj.mul(f)).intoArray(dc, so + j);
            flush(dcj.mul(g).mul(i.mul(FloatVector.broadcast(S, 1f).sub(i)))).intoArray(dz, go + j);
            flush(dcj.mul(v(cPrev, to + j)).mul(f.mul(FloatVector.broadcast(S, 1f).sub(f)))).intoArray(dz, go + u + j);
            flush(dcj.mul(i).mul(FloatVector.broadcast(S, 1f).sub(g.mul(g)))).intoArray(dz, go + 2 * u + j);
            flush(dhj.mul(tc).mul(o.mul(FloatVector.broadcast(S, 1f).sub(o)))).intoArray(dz, go + 3 * u + j);
        }
        if (j < u) RecurrentKernels.lstmGateGrads(j, gates, go, cPrev, tanhC, to, dh, dc, so, dz, u);
    }

    /** {@code a[i] = 0} where {@code |a[i]| < Float.MIN_NORMAL}, for {@code from <= i < to}: {@link RecurrentKernels}'s flush. */
    static void flushSubnormals(float[] a, int from, int to) {
        int L = S.length(), i = from;
        for (; i <= to - L; i += L) flush(v(a, i)).intoArray(a, i);
        for (; i < to; i++) a[i] = RecurrentKernels.flush(a[i]);
    }

    private static FloatVector flush(FloatVector x) {
        return x.blend(0f, x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
    }

    /**
     * {@link RecurrentKernels#gruAfter} (a reset_after GRU row) on vectors, in passes of at most one exp each
     * as {@link #lstm} (three activations in one loop passed C2's node budget); {@code scratch} holds at
     * least {@code u} floats. The same bits as the scalar row.
     */
    static void gruAfter(float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, int so, int u, float[] inner, int io,
                         float[] scratch) {
        gatePreactivations(xw, xo, bias, 0, hu, ho, bias, 3 * u, 2 * u); // z and r: (x W + b) + (h U + b')
        sigmoids(xw, xo, 2 * u);
        resetCandidates(xw, xo, hu, ho, bias, inner, io, u);
        tanhExps(xw, xo + 2 * u, scratch, u);
        tanhs(xw, xo + 2 * u, scratch, xw, xo + 2 * u, u);
        interpolate(xw, xo, h, so, u);
    }

    /** {@link RecurrentKernels#gruReset} (z, r and r·h of a GRU row without reset_after) on vectors, in passes. */
    static void gruReset(float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, int so, int u, float[] rh) {
        gatePreactivations(xw, xo, bias, 0, hu, ho, null, 0, 2 * u); // (x W + b) + (r·h) U
        sigmoids(xw, xo, 2 * u);
        int L = S.length(), ub = u / L * L, j = 0;
        for (; j < ub; j += L) v(xw, xo + u + j).mul(v(h, so + j)).intoArray(rh, so + j);
        for (; j < u; j++) rh[so + j] = xw[xo + u + j] * h[so + j];
    }

    /** {@link RecurrentKernels#gruCandidate} (candidate and new h of a GRU row without reset_after) on vectors, in passes. */
    static void gruCandidate(float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, int so, int u, float[] scratch) {
        gatePreactivations(xw, xo + 2 * u, bias, 2 * u, hu, ho, null, 0, u);
        tanhExps(xw, xo + 2 * u, scratch, u);
        tanhs(xw, xo + 2 * u, scratch, xw, xo + 2 * u, u);
        interpolate(xw, xo, h, so, u);
    }

    /**
     * {@code xw[xo + j] = (xw[xo + j] + b[bo + j]) + (hu[ho + j] + b2[b2o + j])} for {@code j < n}, each bias
     * term left out where its array is null: a GRU's gate pre-activations in its scalar row's order.
     */
    private static void gatePreactivations(float[] xw, int xo, float[] b, int bo, float[] hu, int ho, float[] b2, int b2o, int n) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector x = v(xw, xo + j), r = v(hu, ho + j);
            if (b != null) x = x.add(v(b, bo + j));
            if (b2 != null) r = r.add(v(b2, b2o + j));
            x.add(r).intoArray(xw, xo + j);
        }
        for (; j < n; j++) {
            float x = xw[xo + j], r = hu[ho + j];
            if (b != null) x += b[bo + j];
            if (b2 != null) r += b2[b2o + j];
            xw[xo + j] = x + r;
        }
    }

    /**
     * A reset_after row's candidate pre-activation {@code (x W_h + b_h) + r·(h U_h + b'_h)} into the h block of
     * {@code xw}, r already activated; {@code h U_h + b'_h} kept in {@code inner} when it is not null.
     */
    private static void resetCandidates(float[] xw, int xo, float[] hu, int ho, float[] bias, float[] inner, int io, int u) {
        int L = S.length(), ub = u / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector xh = v(xw, xo + 2 * u + j), ih = v(hu, ho + 2 * u + j);
            if (bias != null) {
                xh = xh.add(v(bias, 2 * u + j));
                ih = ih.add(v(bias, 5 * u + j));
            }
            xh.add(v(xw, xo + u + j).mul(ih)).intoArray(xw, xo + 2 * u + j);
            if (inner != null) ih.intoArray(inner, io + j);
        }
        for (; j < u; j++) {
            float xh = xw[xo + 2 * u + j], ih = hu[ho + 2 * u + j];
            if (bias != null) {
                xh += bias[2 * u + j];
                ih += bias[5 * u + j];
            }
            xw[xo + 2 * u + j] = xh + xw[xo + u + j] * ih;
            if (inner != null) inner[io + j] = ih;
        }
    }

    /** {@code h = z·h + (1 − z)·hh} for a GRU row's {@code u} units, z and hh in their blocks at {@code xo}. */
    private static void interpolate(float[] xw, int xo, float[] h, int so, int u) {
        int L = S.length(), ub = u / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector z = v(xw, xo + j);
            z.mul(v(h, so + j)).add(FloatVector.broadcast(S, 1f).sub(z).mul(v(xw, xo + 2 * u + j))).intoArray(h, so + j);
        }
        for (; j < u; j++) {
            float z = xw[xo + j];
            h[so + j] = z * h[so + j] + (1f - z) * xw[xo + 2 * u + j];
        }
    }

    private static FloatVector v(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }
}
