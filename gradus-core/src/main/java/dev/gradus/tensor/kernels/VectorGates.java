package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
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
    private static final RecurrentKernels.Squash LANES = new RecurrentKernels.Squash() {
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
     */
    static void lstm(float[] xw, int xo, float[] hu, int ho, float[] bias, float[] h, float[] c, int so, int units,
                     float[] tanhC, int to) {
        int L = S.length(), ub = units / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector zi = v(xw, xo + j).add(v(hu, ho + j));
            FloatVector zf = v(xw, xo + units + j).add(v(hu, ho + units + j));
            FloatVector zg = v(xw, xo + 2 * units + j).add(v(hu, ho + 2 * units + j));
            FloatVector zo = v(xw, xo + 3 * units + j).add(v(hu, ho + 3 * units + j));
            if (bias != null) {
                zi = zi.add(v(bias, j));
                zf = zf.add(v(bias, units + j));
                zg = zg.add(v(bias, 2 * units + j));
                zo = zo.add(v(bias, 3 * units + j));
            }
            FloatVector i = VectorMath.sigmoid(zi), f = VectorMath.sigmoid(zf), g = VectorMath.tanh(zg), o = VectorMath.sigmoid(zo);
            FloatVector cn = f.mul(v(c, so + j)).add(i.mul(g));
            FloatVector tc = VectorMath.tanh(cn);
            o.mul(tc).intoArray(h, so + j);
            cn.intoArray(c, so + j);
            i.intoArray(xw, xo + j);
            f.intoArray(xw, xo + units + j);
            g.intoArray(xw, xo + 2 * units + j);
            o.intoArray(xw, xo + 3 * units + j);
            if (tanhC != null) tc.intoArray(tanhC, to + j);
        }
        RecurrentKernels.lstmGates(j, xw, xo, hu, ho, bias, h, c, so, units, tanhC, to, LANES);
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
