package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Vector API loops agree with the scalar loops they replace. */
class VectorPathsTest {
    /** The scalar twins of the lanewise sigmoid and tanh: what the vector rows' tails compute. */
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

    @Test
    void vectorTranscendentalsMatchScalarLoops() {
        Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        float[] x = Tensor.randomUniform(Shape.of(10_007), -20, 20, 3).toFloatArray();
        float[] pos = Tensor.randomUniform(Shape.of(10_007), 1e-3, 50, 4).toFloatArray();
        for (Unary op : Unary.values()) {
            if (!VectorMath.supports(op)) continue;
            float[] in = op == Unary.LOG || op == Unary.LOG1P ? pos : x;
            float[] vec = new float[in.length], ref = new float[in.length];
            VectorMath.map(op, in, vec, 0, in.length, 0);
            op.applyScalar(in, ref, 0, in.length, 0, 0);
            for (int i = 0; i < in.length; i++) {
                double tol = 4 * Math.ulp(Math.abs(ref[i])) + 1e-30 + (op == Unary.SIN || op == Unary.COS ? 1e-7 : 0);
                if (!(Math.abs(vec[i] - ref[i]) <= tol))
                    org.assertj.core.api.Assertions.fail(op + " at x=" + in[i] + ": vector " + vec[i] + ", scalar " + ref[i]);
            }
        }
    }

    @Test
    void vectorReluAndStepAreBitIdenticalToScalarLoopsIncludingNaNAndSignedZero() {
        Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        float[] in = Tensor.randomNormal(Shape.of(1003), 0, 1, 5).toFloatArray();
        float[] special = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.25f, -Float.MIN_VALUE};
        for (int i = 0; i < special.length; i++) in[i * 97] = special[i];
        for (Unary op : new Unary[] {Unary.RELU, Unary.STEP}) {
            for (float p : new float[] {0f, 0.25f}) {
                float[] vec = new float[in.length], ref = new float[in.length];
                VectorMath.map(op, in, vec, 0, in.length, p);
                op.applyScalar(in, ref, 0, in.length, p, 0);
                for (int i = 0; i < in.length; i++)
                    assertThat(Float.floatToRawIntBits(vec[i])).as(op + " at x=" + in[i]).isEqualTo(Float.floatToRawIntBits(ref[i]));
            }
        }
    }

    @Test
    void unpackedGemmGivesThePackedPathsBitsWhenBetaIsZeroAndKFitsOneBlock() {
        Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        java.util.Random r = new java.util.Random(3);
        int[][] shapes = {{9, 32, 9}, {86, 32, 9}, {32, 32, 32}, {5, 37, 250}, {13, 16, 1}}; // k <= KC (256 or 384)
        // beta == 0, as in every product of a training step (beta != 0 is checked against a reference in GemmTest)
        float[][] alphaBeta = {{1f, 0f}, {0.5f, 0f}, {-2f, 0f}};
        for (int[] s : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (float[] ab : alphaBeta) {
                    int m = s[0], n = s[1], k = s[2];
                    float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
                    for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
                    for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
                    for (int i = 0; i < c.length; i++) c[i] = r.nextFloat() - 0.5f;
                    float[] packed = c.clone(), unpacked = c.clone();
                    int lda = transA ? m : k;
                    VectorGemm.gemm(transA, false, m, n, k, ab[0], a, 0, lda, b, 0, n, ab[1], packed, 0, n);
                    VectorGemm.unpacked(transA, m, n, k, ab[0], a, 0, lda, b, 0, n, ab[1], unpacked, 0, n);
                    for (int i = 0; i < c.length; i++)
                        assertThat(Float.floatToRawIntBits(unpacked[i])).as(java.util.Arrays.toString(s) + " transA " + transA
                                + " alpha/beta " + ab[0] + "/" + ab[1] + " at " + i).isEqualTo(Float.floatToRawIntBits(packed[i]));
                }
            }
        }
    }

    @Test
    void softmaxRowsAgreeOnBothPaths() {
        Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        float[] x = Tensor.randomNormal(Shape.of(64, 1003), 0, 5, 9).toFloatArray();
        try {
            for (boolean log : new boolean[] {false, true}) {
                VectorSupport.setEnabled(true);
                float[] vec = Softmax.softmax(x, 64, 1003, 1, log);
                VectorSupport.setEnabled(false);
                float[] ref = Softmax.softmax(x, 64, 1003, 1, log);
                for (int i = 0; i < x.length; i++)
                    assertThat((double) vec[i]).isCloseTo(ref[i], org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(ref[i])));
            }
        } finally {
            VectorSupport.setEnabled(true);
        }
    }

    @Test
    void layerNormRowsAndTheirGradientsAreBitIdenticalToTheScalarLoops() {
        Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        java.util.Random r = new java.util.Random(12);
        // a transformer's 32-wide rows, a tail after whole vectors, rows under one vector, with and without gamma
        // and beta, more rows than one block of the parameters' partial sums
        for (int n : new int[] {32, 45, 7, 1}) {
            for (int variant = 0; variant < 3; variant++) {
                int rows = 300;
                float[] x = new float[rows * n], dy = new float[rows * n];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (r.nextGaussian() * 3 + 1);
                    dy[i] = (float) r.nextGaussian();
                }
                float[] gamma = variant == 2 ? null : new float[n], beta = variant >= 1 ? null : new float[n];
                for (int j = 0; j < n; j++) {
                    if (gamma != null) gamma[j] = (float) r.nextGaussian();
                    if (beta != null) beta[j] = (float) r.nextGaussian();
                }
                float[][] vec = layerNorm(true, x, dy, rows, n, gamma, beta), sca = layerNorm(false, x, dy, rows, n, gamma, beta);
                String[] names = {"y", "mean", "rstd", "dx", "dGamma", "dBeta"};
                for (int k = 0; k < names.length; k++)
                    if (sca[k] != null) assertBits(vec[k], sca[k], "n " + n + " variant " + variant + ": " + names[k]);
            }
        }
    }

    /** LayerNorm forward and backward on the vector or the scalar path: y, mean, rstd, dx, dGamma, dBeta. */
    private static float[][] layerNorm(boolean vector, float[] x, float[] dy, int rows, int n, float[] gamma, float[] beta) {
        try {
            VectorSupport.setEnabled(vector);
            float[] y = new float[x.length], mean = new float[rows], rstd = new float[rows];
            LayerNorm.forward(x, rows, n, gamma, beta, 1e-3f, y, mean, rstd);
            float[] dx = new float[x.length], dGamma = gamma == null ? null : new float[n], dBeta = beta == null ? null : new float[n];
            LayerNorm.backward(x, dy, rows, n, gamma, mean, rstd, dx, dGamma, dBeta);
            return new float[][] {y, mean, rstd, dx, dGamma, dBeta};
        } finally {
            VectorSupport.setEnabled(true);
        }
    }

    @Test
    void lstmRowsAndTheirGradientsAreBitIdenticalToTheScalarLoops() {
        Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        java.util.Random r = new java.util.Random(11);
        // whole vectors, a tail, units under one vector; pre-activations past tanh's 0.4 switch and into saturation
        for (int u : new int[] {64, 37, 5}) {
            for (boolean withBias : new boolean[] {true, false}) {
                for (boolean keep : new boolean[] {true, false}) {
                    int g = 4 * u;
                    float[] xw = new float[3 + g], hu = new float[g], bias = withBias ? new float[g] : null;
                    float[] h = new float[2 + u], c = new float[2 + u];
                    for (int j = 0; j < xw.length; j++) xw[j] = (float) (r.nextGaussian() * 4);
                    for (int j = 0; j < g; j++) hu[j] = (float) (r.nextGaussian() * 2);
                    if (bias != null) for (int j = 0; j < g; j++) bias[j] = r.nextFloat() - 0.5f;
                    for (int j = 0; j < h.length; j++) {
                        h[j] = r.nextFloat();
                        c[j] = (float) (r.nextGaussian() * 3);
                    }
                    xw[3] = -0f; // a signed zero pre-activation
                    float[] xwV = xw.clone(), hV = h.clone(), cV = c.clone(), tcV = keep ? new float[1 + u] : null;
                    float[] xwS = xw.clone(), hS = h.clone(), cS = c.clone(), tcS = keep ? new float[1 + u] : null;
                    VectorGates.lstm(xwV, 3, hu, 0, bias, hV, cV, 2, u, tcV, 1, new float[u]);
                    RecurrentKernels.lstmGates(0, xwS, 3, hu, 0, bias, hS, cS, 2, u, tcS, 1, LANES);
                    String at = "units " + u + " bias " + withBias + " keep " + keep;
                    assertBits(xwV, xwS, at + ": gates");
                    assertBits(hV, hS, at + ": h");
                    assertBits(cV, cS, at + ": c");
                    if (keep) assertBits(tcV, tcS, at + ": tanh(c)");

                    // the backward row from those gates, with gradients small enough that some products go subnormal
                    float[] cPrev = new float[1 + u], dh = new float[2 + u], dc = new float[2 + u];
                    for (int j = 0; j < dh.length; j++) {
                        dh[j] = (float) (r.nextGaussian() * (j % 3 == 0 ? 1e-37 : 1));
                        dc[j] = (float) (r.nextGaussian() * (j % 4 == 0 ? 1e-36 : 1));
                    }
                    for (int j = 0; j < cPrev.length; j++) cPrev[j] = (float) r.nextGaussian();
                    float[] tanhC = tcS != null ? tcS : new float[1 + u];
                    float[] dzV = new float[3 + g], dhV = dh.clone(), dcV = dc.clone();
                    float[] dzS = new float[3 + g], dhS = dh.clone(), dcS = dc.clone();
                    VectorGates.lstmGrads(xwS, 3, cPrev, tanhC, 1, dhV, dcV, 2, dzV, u);
                    RecurrentKernels.lstmGateGrads(0, xwS, 3, cPrev, tanhC, 1, dhS, dcS, 2, dzS, u);
                    assertBits(dzV, dzS, at + ": dz");
                    assertBits(dcV, dcS, at + ": dc");
                }
            }
        }
    }

    @Test
    void gruRowsAreBitIdenticalToTheScalarLoops() {
        Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        java.util.Random r = new java.util.Random(13);
        for (int u : new int[] {64, 37, 5}) {
            for (boolean withBias : new boolean[] {true, false}) {
                int g = 3 * u;
                float[] xw = new float[2 + g], hu = new float[g], h = new float[1 + u];
                for (int j = 0; j < xw.length; j++) xw[j] = (float) (r.nextGaussian() * 4);
                for (int j = 0; j < g; j++) hu[j] = (float) (r.nextGaussian() * 2);
                for (int j = 0; j < h.length; j++) h[j] = r.nextFloat() * 2 - 1;
                String at = "units " + u + " bias " + withBias;
                // reset_after: bias (2, 3 units), the recurrent product's h block kept
                float[] after = withBias ? new float[2 * g] : null;
                if (after != null) for (int j = 0; j < after.length; j++) after[j] = r.nextFloat() - 0.5f;
                float[] xwV = xw.clone(), hV = h.clone(), innerV = new float[3 + u];
                float[] xwS = xw.clone(), hS = h.clone(), innerS = new float[3 + u];
                VectorGates.gruAfter(xwV, 2, hu, 0, after, hV, 1, u, innerV, 3, new float[u]);
                RecurrentKernels.gruAfter(0, xwS, 2, hu, 0, after, hS, 1, u, innerS, 3, LANES);
                assertBits(xwV, xwS, at + ": reset_after gates");
                assertBits(hV, hS, at + ": reset_after h");
                assertBits(innerV, innerS, at + ": reset_after h U_h + b'");
                // without reset_after: z and r with r·h, then the candidate from (r·h) U_h
                float[] bias = withBias ? new float[g] : null;
                if (bias != null) for (int j = 0; j < g; j++) bias[j] = r.nextFloat() - 0.5f;
                xwV = xw.clone();
                xwS = xw.clone();
                float[] rhV = new float[1 + u], rhS = new float[1 + u];
                VectorGates.gruReset(xwV, 2, hu, 0, bias, h, 1, u, rhV);
                RecurrentKernels.gruReset(0, xwS, 2, hu, 0, bias, h, 1, u, rhS, LANES);
                assertBits(xwV, xwS, at + ": z and r");
                assertBits(rhV, rhS, at + ": r·h");
                hV = h.clone();
                hS = h.clone();
                VectorGates.gruCandidate(xwV, 2, hu, u, bias, hV, 1, u, new float[u]);
                RecurrentKernels.gruCandidate(0, xwS, 2, hu, u, bias, hS, 1, u, LANES);
                assertBits(xwV, xwS, at + ": candidate");
                assertBits(hV, hS, at + ": h");
            }
        }
    }

    @Test
    void flushingSubnormalsZeroesWhatIsUnderMinNormalInMagnitudeAndKeepsTheRest() {
        Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        float[] a = {Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL),
                -Math.nextDown(Float.MIN_NORMAL), Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, 1e-39f, -3e-39f, 1f, -2f,
                1e-38f, 1.2e-38f, 5e-45f, Float.NEGATIVE_INFINITY, 7f, 1e-40f, -1e-41f};
        float[] v = a.clone();
        VectorGates.flushSubnormals(v, 1, a.length); // from 1: an offset start, a full vector and a tail
        float[] expected = {Float.MIN_VALUE, 0f, Float.MIN_NORMAL, -Float.MIN_NORMAL, 0f, 0f, Float.NaN, 0f, 0f,
                Float.POSITIVE_INFINITY, 0f, 0f, 1f, -2f, 0f, 1.2e-38f, 0f, Float.NEGATIVE_INFINITY, 7f, 0f, 0f};
        // 1e-38 is subnormal; -0 is under MIN_NORMAL in magnitude too, so it becomes +0, as in the scalar loop
        assertBits(v, expected, "flush");
    }

    private static void assertBits(float[] actual, float[] expected, String what) {
        for (int i = 0; i < expected.length; i++)
            assertThat(Float.floatToRawIntBits(actual[i])).as(what + " at " + i + ": " + actual[i] + " vs " + expected[i])
                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
    }
}
