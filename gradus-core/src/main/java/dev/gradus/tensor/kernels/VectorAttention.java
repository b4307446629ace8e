package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link Attention}: the softmax of one row and its gradient. Sums are taken
 * in lanes and then lane by lane in order (not {@code reduceLanes}, whose order is unspecified), so
 * their bits do not depend on the JIT. Only the preferred float species is used: a second shape
 * (a 256-bit float or a double vector for a double-precision product) made JDK 17's C2 stop
 * unboxing VectorGemm's kernels, whose shared Vector API call sites then saw two vector classes
 * (AttentionBench's inference went from 50 to 300 ms). Loaded only when {@link VectorSupport#enabled()}.
 */
final class VectorAttention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorAttention() {}

    /**
     * The softmax of one row in place, as {@link Softmax#row}: shifted by the row's maximum (0 when
     * infinite), {@link VectorMath#expShifted} summed in double, then each exponential times the
     * reciprocal of the sum rounded to float. That last product is the one difference from
     * Softmax's, which multiplies in double: within an ulp, and its scalar loop and scalar maximum
     * were two thirds of the softmax's time on attention's 200-wide rows.
     */
    static void softmaxRow(float[] x, int from, int n) {
        int L = S.length(), ub = n / L * L, j = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (ub > 0) {
            FloatVector mv = FloatVector.fromArray(S, x, from);
            for (j = L; j < ub; j += L) mv = mv.max(FloatVector.fromArray(S, x, from + j));
            float[] lanes = new float[L];
            mv.intoArray(lanes, 0);
            for (float v : lanes) m = Math.max(m, v);
        }
        for (; j < n; j++) m = Math.max(m, x[from + j]);
        float shift = Float.isInfinite(m) ? 0 : m;
        float inv = (float) (1 / VectorMath.expShifted(x, from, n, shift, x));
        for (j = 0; j < ub; j += L) FloatVector.fromArray(S, x, from + j).mul(inv).intoArray(x, from + j);
        for (; j < n; j++) x[from + j] *= inv;
    }

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
