package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-step gate arithmetic of {@link RecurrentKernels} on the Vector API (LSTM and GRU rows): one pass over a row's
 * gate pre-activations that applies sigmoid and tanh ({@link VectorMath}'s lanewise forms, the same
 * bits interpreted and compiled) and the state update, instead of the dozen elementwise ops (each a
 * pass over memory and, under a tape, a node) of a cell's step. Row tails run the scalar twins of
 * the same formulas. Loaded only when {@link VectorSupport#enabled()}.
 */
final class VectorGates {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** The scalar twins of the lanewise sigmoid and tanh, for the rows' tails. */
    static final RecurrentKernels.Squash LANES = new RecurrentKernels.Squash() {
        @Override
        public float sigmoid(float x) {
            return VectorMath.sigmoid(x);
        }

        @Override
        public float tanh(float x) {
            return VectorMath.tanh(x);
        }
    };

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
     * other four as calls on boxed vectors, some on the Vector API's Java fallbacks: 540 ns a 64-unit
     * row. Each pass holds at most one exp. Every element sees the operations of
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

    private static final float MIN_NORMAL = Float.MIN_NORMAL;

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
        for (; i < to; i++) if (Math.abs(a[i]) < MIN_NORMAL) a[i] = 0f;
    }

    private static FloatVector flush(FloatVector x) {
        return x.blend(0f, x.abs().compare(VectorOperators.LT, MIN_NORMAL));
    }

    /** {@link RecurrentKernels#gruAfter} (a reset_after GRU row) on vectors. */
    static void gruAfter(float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, int so, int u, float[] inner, int io) {
        int L = S.length(), ub = u / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector xz = v(xw, xo + j), xr = v(xw, xo + u + j), xh = v(xw, xo + 2 * u + j);
            FloatVector iz = v(hu, ho + j), ir = v(hu, ho + u + j), ih = v(hu, ho + 2 * u + j);
            if (bias != null) {
                xz = xz.add(v(bias, j));
                xr = xr.add(v(bias, u + j));
                xh = xh.add(v(bias, 2 * u + j));
                iz = iz.add(v(bias, 3 * u + j));
                ir = ir.add(v(bias, 4 * u + j));
                ih = ih.add(v(bias, 5 * u + j));
            }
            FloatVector z = VectorMath.sigmoid(xz.add(iz)), r = VectorMath.sigmoid(xr.add(ir)), hh = VectorMath.tanh(xh.add(r.mul(ih)));
            z.mul(v(h, so + j)).add(FloatVector.broadcast(S, 1f).sub(z).mul(hh)).intoArray(h, so + j);
            z.intoArray(xw, xo + j);
            r.intoArray(xw, xo + u + j);
            hh.intoArray(xw, xo + 2 * u + j);
            if (inner != null) ih.intoArray(inner, io + j);
        }
        RecurrentKernels.gruAfter(j, xw, xo, hu, ho, bias, h, so, u, inner, io, LANES);
    }

    /** {@link RecurrentKernels#gruReset} (z, r and r·h of a GRU row without reset_after) on vectors. */
    static void gruReset(float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, int so, int u, float[] rh) {
        int L = S.length(), ub = u / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector xz = v(xw, xo + j), xr = v(xw, xo + u + j);
            if (bias != null) {
                xz = xz.add(v(bias, j));
                xr = xr.add(v(bias, u + j));
            }
            FloatVector z = VectorMath.sigmoid(xz.add(v(hu, ho + j))), r = VectorMath.sigmoid(xr.add(v(hu, ho + u + j)));
            z.intoArray(xw, xo + j);
            r.intoArray(xw, xo + u + j);
            r.mul(v(h, so + j)).intoArray(rh, so + j);
        }
        RecurrentKernels.gruReset(j, xw, xo, hu, ho, bias, h, so, u, rh, LANES);
    }

    /** {@link RecurrentKernels#gruCandidate} (candidate and new h of a GRU row without reset_after) on vectors. */
    static void gruCandidate(float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, int so, int u) {
        int L = S.length(), ub = u / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector xh = v(xw, xo + 2 * u + j);
            if (bias != null) xh = xh.add(v(bias, 2 * u + j));
            FloatVector z = v(xw, xo + j), hh = VectorMath.tanh(xh.add(v(hu, ho + j)));
            z.mul(v(h, so + j)).add(FloatVector.broadcast(S, 1f).sub(z).mul(hh)).intoArray(h, so + j);
            hh.intoArray(xw, xo + 2 * u + j);
        }
        RecurrentKernels.gruCandidate(j, xw, xo, hu, ho, bias, h, so, u, LANES);
    }

    private static FloatVector v(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }
}
