package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Vector API loops agree with the scalar loops they replace. */
class VectorPathsTest {

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
}
