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

    /**
     * {@link OptimizerKernels#adam} over {@code [lo, hi)}, with AMSGrad where {@code vHat} is not null. ({@code vHat}
     * never holds a subnormal: it is the running maximum of flushed values.) One loop for both: the test of
     * {@code vHat} costs nothing measurable (W1-sized update, 670K floats: 394 us either way).
     */
    static void adam(float[] w, float[] m, float[] v, float[] vHat, float[] g, float alpha, float c1, float c2, float eps,
                     int lo, int hi) {
        int L = S.length(), i = lo, ub = lo + (hi - lo) / L * L;
        for (; i < ub; i += L) {
            FloatVector gi = FloatVector.fromArray(S, g, i), mo = FloatVector.fromArray(S, m, i), vo = FloatVector.fromArray(S, v, i);
            FloatVector mi = flush(mo.add(gi.sub(mo).mul(c1)));
            FloatVector vi = flush(vo.add(gi.mul(gi).sub(vo).mul(c2)));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            if (vHat != null) {
                vi = FloatVector.fromArray(S, vHat, i).max(vi);
                vi.intoArray(vHat, i);
            }
            FloatVector wi = FloatVector.fromArray(S, w, i);
            wi.sub(mi.mul(alpha).div(vi.sqrt().add(eps))).intoArray(w, i);
        }
        OptimizerKernels.adamScalar(w, m, v, vHat, g, alpha, c1, c2, eps, i, hi);
    }

    /** Lanes of magnitude below the smallest normal float become +0 ({@link OptimizerKernels#flush}). */
    private static FloatVector flush(FloatVector x) {
        return x.blend(0f, x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
    }
}
