package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The optimizer update loops that need the Vector API to stay vectorised: C2 auto-vectorises the scalar
 * Adam loop, but not once it stores a moment below {@link Float#MIN_NORMAL} as zero (a conditional per
 * element; W1's Adam went from 0.48 to 1.1 ms per step). Each loop computes, lane by lane, the same
 * float operations in the same order as {@link OptimizerKernels}' scalar loop, whose tail it runs, so
 * both give the same bits. Loaded only when {@link VectorSupport#enabled()}.
 */
final class VectorOptimizers {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorOptimizers() {}

    /** {@link OptimizerKernels#adam} without AMSGrad over {@code [lo, hi)}. */
    static void adam(float[] w, float[] m, float[] v, float[] g, float alpha, float c1, float c2, float eps, int lo, int hi) {
        int L = S.length(), i = lo, ub = lo + (hi - lo) / L * L;
        for (; i < ub; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, i), mo = FloatVector.fromArray(S, m, i), vo = FloatVector.fromArray(S, v, i);
            FloatVector mi = flush(mo.add(gi.sub(mo).mul(c1)));
            FloatVector vi = flush(vo.add(gi.mul(gi).sub(vo).mul(c2)));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector wi = FloatVector.fromArray(S, w, i);
            wi.sub(mi.mul(alpha).div(vi.sqrt().add(eps))).intoArray(w, i);
        }
        OptimizerKernels.adamScalar(w, m, v, g, alpha, c1, c2, eps, i, hi);
    }

    /**
     * {@link OptimizerKernels#adam} with AMSGrad over {@code [lo, hi)}. ({@code vHat} never holds a subnormal: it
     * is the running maximum of flushed values.)
     */
    static void amsgrad(float[] w, float[] m, float[] v, float[] vHat, float[] g, float alpha, float c1, float c2, float eps,
                        int lo, int hi) {
        int L = S.length(), i = lo, ub = lo + (hi - lo) / L * L;
        for (; i < ub; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, i), mo = FloatVector.fromArray(S, m, i), vo = FloatVector.fromArray(S, v, i);
            FloatVector mi = flush(mo.add(gi.sub(mo).mul(c1)));
            FloatVector vi = flush(vo.add(gi.mul(gi).sub(vo).mul(c2)));
            FloatVector hi2 = FloatVector.fromArray(S, vHat, i).max(vi);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            hi2.intoArray(vHat, i);
            FloatVector wi = FloatVector.fromArray(S, w, i);
            wi.sub(mi.mul(alpha).div(hi2.sqrt().add(eps))).intoArray(w, i);
        }
        OptimizerKernels.amsgradScalar(w, m, v, vHat, g, alpha, c1, c2, eps, i, hi);
    }

    /** Lanes of magnitude below the smallest normal float become +0 ({@link OptimizerKernels#flush}). */
    private static FloatVector flush(FloatVector x) {
        return x.blend(0f, x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
    }
}
