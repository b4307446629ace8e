package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loop of {@link Attention}'s backward: the softmax gradient of one row. The row's dot
 * product is summed in lanes and then lane by lane in order (not {@code reduceLanes}, whose order is
 * unspecified), so its bits do not depend on the JIT. Loaded only when {@link VectorSupport#enabled()}.
 */
final class VectorAttention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorAttention() {}

    /** {@code dp[j] = p[j] · (dp[j] − Σ p·dp)} over the {@code n} elements of one row. */
    static void softmaxGrad(float[] p, int pFrom, float[] dp, int dFrom, int n) {
        int L = S.length(), ub = n / L * L, j = 0;
        FloatVector acc = FloatVector.zero(S);
        float[] lanes = new float[L];
        double dot = 0;
        for (int sinceFlush = 0; j < ub; j += L) {
            acc = FloatVector.fromArray(S, p, pFrom + j).fma(FloatVector.fromArray(S, dp, dFrom + j), acc);
            // into double now and then, so that long rows keep double-sum accuracy
            if (++sinceFlush == 64) {
                dot += laneSum(acc, lanes);
                acc = FloatVector.zero(S);
                sinceFlush = 0;
            }
        }
        dot += laneSum(acc, lanes);
        for (; j < n; j++) dot += p[pFrom + j] * dp[dFrom + j];
        float r = (float) dot;
        j = 0;
        for (; j < ub; j += L) {
            FloatVector d = FloatVector.fromArray(S, dp, dFrom + j).sub(r);
            FloatVector.fromArray(S, p, pFrom + j).mul(d).intoArray(dp, dFrom + j);
        }
        for (; j < n; j++) dp[dFrom + j] = p[pFrom + j] * (dp[dFrom + j] - r);
    }

    private static double laneSum(FloatVector v, float[] lanes) {
        v.intoArray(lanes, 0);
        double s = 0;
        for (float x : lanes) s += x;
        return s;
    }
}
