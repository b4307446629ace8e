package dev.gradus.tensor.kernels;

import java.util.Arrays;

/**
 * Plain-Java blocked sgemm, used when the Vector API is not available. op(B) is packed in KC x NC
 * blocks into a contiguous row-major buffer (absorbing transB), then every row of C is updated
 * i-k-j style: {@code C[i, j..] += A[i,p] * Bpack[p, j..] + A[i,p+1] * Bpack[p+1, j..]}, an inner
 * loop over contiguous floats that C2 auto-vectorises. The C row segment (NC floats) stays in L1
 * and the packed B block in L2.
 */
final class ScalarGemm {
    /** Work-split granularity used by {@link Gemm} (rows, columns). */
    static final int MR = 4;
    static final int NR = 64;
    private static final int KC = 256;
    private static final int NC = 512;

    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[KC * NC]);

    private ScalarGemm() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        float[] pb = BUFFER.get();
        int aRow = transA ? 1 : lda, aCol = transA ? lda : 1; // op(A)[i, p] = a[aOff + i*aRow + p*aCol]
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                pack(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + jc;
                    if (pc == 0) {
                        if (beta == 0f) {
                            Arrays.fill(c, ci, ci + nc, 0f);
                        } else if (beta != 1f) {
                            for (int j = 0; j < nc; j++) c[ci + j] *= beta;
                        }
                    }
                    int ai = aOff + i * aRow + pc * aCol;
                    int p = 0;
                    for (; p + 1 < kc; p += 2) {
                        float a0 = alpha * a[ai + p * aCol], a1 = alpha * a[ai + (p + 1) * aCol];
                        axpy2(a0, a1, pb, p * nc, nc, c, ci);
                    }
                    if (p < kc) {
                        float a0 = alpha * a[ai + p * aCol];
                        int b0 = p * nc;
                        for (int j = 0; j < nc; j++) c[ci + j] += a0 * pb[b0 + j];
                    }
                }
            }
        }
    }

    private static void axpy2(float a0, float a1, float[] pb, int b0, int nc, float[] c, int ci) {
        int b1 = b0 + nc;
        for (int j = 0; j < nc; j++) c[ci + j] += a0 * pb[b0 + j] + a1 * pb[b1 + j];
    }

    /** pb[p*nc + j] = op(B)[pc + p, jc + j]. */
    private static void pack(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] pb) {
        if (!transB) {
            for (int p = 0; p < kc; p++) System.arraycopy(b, bOff + (pc + p) * ldb + jc, pb, p * nc, nc);
        } else {
            for (int j = 0; j < nc; j++) {
                int src = bOff + (jc + j) * ldb + pc;
                for (int p = 0; p < kc; p++) pb[p * nc + j] = b[src + p];
            }
        }
    }
}
