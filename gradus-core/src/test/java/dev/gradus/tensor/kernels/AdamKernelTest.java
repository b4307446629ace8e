package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Adam's update loop: the Keras formula, the flush of subnormal moments, and the same bits on both paths. */
class AdamKernelTest {
    private static final float ALPHA = 1e-3f, C1 = 0.1f, C2 = 0.001f, EPS = 1e-7f;

    @Test
    void normalMomentsFollowTheKerasFormulaInFloat() {
        float[] w = {0.5f, -0.25f}, m = {0.02f, -0.01f}, v = {4e-4f, 1e-4f}, g = {0.1f, 0.3f};
        float[] expectW = new float[2], expectM = new float[2], expectV = new float[2];
        for (int i = 0; i < 2; i++) {
            expectM[i] = m[i] + (g[i] - m[i]) * C1;
            expectV[i] = v[i] + (g[i] * g[i] - v[i]) * C2;
            expectW[i] = w[i] - expectM[i] * ALPHA / ((float) Math.sqrt(expectV[i]) + EPS);
        }
        OptimizerKernels.adamScalar(w, m, v, null, g, ALPHA, C1, C2, EPS, 0, 2);
        assertThat(m).containsExactly(expectM);
        assertThat(v).containsExactly(expectV);
        assertThat(w).containsExactly(expectW);
        // by hand: m = 0.02 + 0.08 * 0.1 = 0.028, v = 4e-4 + (0.01 - 4e-4) * 0.001 = 4.096e-4, w = 0.5 - 0.028e-3 / 0.020239
        assertThat((double) m[0]).isCloseTo(0.028, org.assertj.core.data.Offset.offset(1e-8));
        assertThat((double) v[0]).isCloseTo(4.096e-4, org.assertj.core.data.Offset.offset(1e-10));
        assertThat((double) w[0]).isCloseTo(0.5 - 0.028e-3 / (Math.sqrt(4.096e-4) + 1e-7), org.assertj.core.data.Offset.offset(1e-7));
    }

    @Test
    void aMomentThatWouldStaySubnormalIsStoredAsZero() {
        // with g = 0, m * 0.1 rounds to zero for m = 3 * MIN_VALUE: unflushed, m would stay 3 * MIN_VALUE forever
        float stuck = 3 * Float.MIN_VALUE;
        assertThat(stuck + (0f - stuck) * C1).isEqualTo(stuck);
        float justNormal = 2e-38f, decaysBelow = 1.2e-38f;
        float[] w = {1f, 1f, 1f}, m = {stuck, justNormal, decaysBelow}, v = {stuck, 1e-30f, 1e-30f}, g = {0f, 0f, 0f};
        OptimizerKernels.adamScalar(w, m, v, null, g, ALPHA, C1, C2, EPS, 0, 3);
        assertThat(Float.floatToRawIntBits(m[0])).isZero(); // +0, not -0
        assertThat(Float.floatToRawIntBits(v[0])).isZero();
        assertThat(m[1]).isEqualTo(justNormal + (0f - justNormal) * C1).isGreaterThanOrEqualTo(Float.MIN_NORMAL);
        assertThat(Float.floatToRawIntBits(m[2])).isZero(); // 1.08e-38 is below MIN_NORMAL (1.18e-38)
        assertThat(w).containsExactly(1f, 1f, 1f); // updates this small do not move a weight of 1
    }

    @Test
    void negativeSubnormalsFlushToPositiveZeroAndNormalsAreKept() {
        assertThat(Float.floatToRawIntBits(OptimizerKernels.flush(-Float.MIN_VALUE))).isZero();
        assertThat(Float.floatToRawIntBits(OptimizerKernels.flush(-0f))).isZero();
        assertThat(OptimizerKernels.flush(-Float.MIN_NORMAL)).isEqualTo(-Float.MIN_NORMAL);
        assertThat(OptimizerKernels.flush(Float.MIN_NORMAL)).isEqualTo(Float.MIN_NORMAL);
        assertThat(OptimizerKernels.flush(Float.NaN)).isNaN();
        assertThat(OptimizerKernels.flush(Float.NEGATIVE_INFINITY)).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    @Test
    void vectorAndScalarLoopsGiveTheSameBits() {
        Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        float[][] scalar = moments(10_007), vector = copy(scalar); // 10,007: a tail past the last whole vector
        int n = scalar[0].length;
        for (int step = 0; step < 3; step++) {
            OptimizerKernels.adamScalar(scalar[0], scalar[1], scalar[2], null, scalar[3], ALPHA, C1, C2, EPS, 0, n);
            VectorOptimizers.adam(vector[0], vector[1], vector[2], null, vector[3], ALPHA, C1, C2, EPS, 0, n);
        }
        assertSameBits(scalar, vector, 3);
        assertNoSubnormalMoments(scalar);
    }

    @Test
    void amsgradVectorAndScalarLoopsGiveTheSameBits() {
        Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        float[][] scalar = moments(10_007), vector = copy(scalar);
        int n = scalar[0].length;
        // vHat starts at v or above it, in places by a subnormal margin
        float[] vHat = scalar[2].clone();
        for (int i = 0; i < n; i += 5) vHat[i] += i % 2 == 0 ? 1e-7f : Float.MIN_VALUE;
        float[] vHatVector = vHat.clone();
        for (int step = 0; step < 3; step++) {
            OptimizerKernels.adamScalar(scalar[0], scalar[1], scalar[2], vHat, scalar[3], ALPHA, C1, C2, EPS, 0, n);
            VectorOptimizers.adam(vector[0], vector[1], vector[2], vHatVector, vector[3], ALPHA, C1, C2, EPS, 0, n);
        }
        assertSameBits(scalar, vector, 3);
        for (int i = 0; i < n; i++)
            assertThat(Float.floatToRawIntBits(vHatVector[i])).as("vHat at " + i).isEqualTo(Float.floatToRawIntBits(vHat[i]));
        assertNoSubnormalMoments(scalar);
    }

    /** Weights, m, v and gradients with every ninth moment at or near the subnormal range and some zero gradients. */
    private static float[][] moments(int n) {
        Random r = new Random(11);
        float[][] x = new float[4][n];
        for (int i = 0; i < n; i++) {
            x[0][i] = (float) r.nextGaussian();
            x[1][i] = (float) r.nextGaussian() * 1e-3f;
            x[2][i] = r.nextFloat() * 1e-6f;
            x[3][i] = (float) r.nextGaussian() * 1e-2f;
            if (i % 9 == 0) x[1][i] = (r.nextBoolean() ? 1 : -1) * Float.MIN_VALUE * r.nextInt(1 << 20);
            if (i % 9 == 0) x[2][i] = Float.MIN_VALUE * r.nextInt(1 << 24);
            if (i % 9 == 0 && r.nextBoolean()) x[3][i] = 0f; // such a moment then decays below MIN_NORMAL
            if (i % 7 == 0) x[3][i] = 1e-20f; // its square is subnormal
        }
        return x;
    }

    private static float[][] copy(float[][] x) {
        float[][] y = new float[x.length][];
        for (int q = 0; q < x.length; q++) y[q] = x[q].clone();
        return y;
    }

    private static void assertSameBits(float[][] scalar, float[][] vector, int arrays) {
        for (int q = 0; q < arrays; q++)
            for (int i = 0; i < scalar[q].length; i++)
                assertThat(Float.floatToRawIntBits(vector[q][i])).as("array " + q + " at " + i)
                        .isEqualTo(Float.floatToRawIntBits(scalar[q][i]));
    }

    private static void assertNoSubnormalMoments(float[][] x) {
        int n = x[0].length, flushed = 0;
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(x[1][i]) == 0f || Math.abs(x[1][i]) >= Float.MIN_NORMAL).as("m at " + i).isTrue();
            assertThat(x[2][i] == 0f || x[2][i] >= Float.MIN_NORMAL).as("v at " + i).isTrue();
            if (x[1][i] == 0f) flushed++;
        }
        assertThat(flushed).isGreaterThan(n / 40); // the test did reach the flush
    }
}
