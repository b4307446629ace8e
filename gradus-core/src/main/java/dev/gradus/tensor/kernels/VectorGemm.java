package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed GEBP sgemm on the incubator Vector API (loaded only when {@link VectorSupport#enabled()}).
 *
 * <p>Loops, outermost first: n in blocks of NC, k in blocks of KC (pack op(B)[pc:pc+kc, jc:jc+nc]
 * into NR-wide slivers, k-major), m in blocks of MC (pack alpha * op(A)[ic:ic+mc, pc:pc+kc] into
 * MR-tall slivers, k-major), then MR-row slivers of A, then NR-column slivers of B, each pair
 * handed to an MR x NR register-tile micro-kernel (8 rows x 3 vectors = 24 accumulators, one FMA
 * per accumulator per k step). The A sliver (MR x KC) stays in L1, the packed B panel (KC x NC)
 * in L2. Packing absorbs the transposes and the alpha scale; tiles that overhang m or n are
 * computed into a scratch tile and merged with scalar code. Packing buffers are per thread.
 *
 * <p>The micro-kernel is deliberately one small method with only Vector API calls and array
 * loads in its loop, so C2 compiles it with the vector intrinsics inlined (on JDK 17 a method that
 * fails to inline them runs ~10x slower, boxing every vector).
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = VectorGemmShape.MR;
    private static final int NR = VectorGemmShape.NR_VECTORS * L;
    private static final int KC = VectorGemmShape.KC;
    private static final int MC = VectorGemmShape.MC;
    private static final int NC = Math.max(NR, VectorGemmShape.NC / NR * NR);

    private static final class Buffers {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private VectorGemm() {}

    static String describe() {
        return "vector-" + S.vectorBitSize() + " (" + L + " lanes, " + MR + "x" + NR + " tile, KC " + KC
                + ", MC " + MC + ", NC " + NC + ")";
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Buffers buf = BUFFERS.get();
        float[] pa = buf.a, pb = buf.b, tile = buf.tile;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean overwrite = pc == 0 && beta == 0f;
                float bet = pc == 0 ? beta : 1f;
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, pa);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int crow = cOff + (ic + ir) * ldc + jc;
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            if (mr == MR && nr == NR) {
                                kernel(pa, ir * kc, pb, jr * kc, kc, c, crow + jr, ldc, overwrite, bet);
                            } else {
                                kernel(pa, ir * kc, pb, jr * kc, kc, tile, 0, NR, true, 0f);
                                merge(tile, mr, nr, c, crow + jr, ldc, overwrite, bet);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void merge(float[] tile, int mr, int nr, float[] c, int ci, int ldc, boolean overwrite, float beta) {
        for (int r = 0; r < mr; r++) {
            int t = r * NR, o = ci + r * ldc;
            if (overwrite) {
                System.arraycopy(tile, t, c, o, nr);
            } else {
                for (int j = 0; j < nr; j++) c[o + j] = tile[t + j] + beta * c[o + j];
            }
        }
    }

    /** pa[s*MR*kc + p*MR + r] = alpha * op(A)[ic + s*MR + r, pc + p], zero beyond mc rows. */
    static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                      float alpha, float[] pa) {
        for (int s = 0; s < mc; s += MR) {
            int rows = Math.min(MR, mc - s);
            int base = s * kc;
            if (!transA) {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (ic + s + r) * lda + pc;
                    int dst = base + r;
                    if (alpha == 1f) {
                        for (int p = 0; p < kc; p++) pa[dst + p * MR] = a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) pa[dst + p * MR] = alpha * a[src + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + s;
                    int dst = base + p * MR;
                    for (int r = 0; r < rows; r++) pa[dst + r] = alpha * a[src + r];
                }
            }
            if (rows < MR) {
                for (int p = 0; p < kc; p++) {
                    for (int r = rows; r < MR; r++) pa[base + p * MR + r] = 0f;
                }
            }
        }
    }

    /** pb[t*NR*kc + p*NR + j] = op(B)[pc + p, jc + t*NR + j], zero beyond nc columns. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] pb) {
        for (int t = 0; t < nc; t += NR) {
            int cols = Math.min(NR, nc - t);
            int base = t * kc;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NR;
                    System.arraycopy(b, bOff + (pc + p) * ldb + jc + t, pb, dst, cols);
                    if (cols < NR) java.util.Arrays.fill(pb, dst + cols, dst + NR, 0f);
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (jc + t + j) * ldb + pc;
                    int dst = base + j;
                    for (int p = 0; p < kc; p++) pb[dst + p * NR] = b[src + p];
                }
                if (cols < NR) {
                    for (int p = 0; p < kc; p++) java.util.Arrays.fill(pb, base + p * NR + cols, base + (p + 1) * NR, 0f);
                }
            }
        }
    }

    /** One MR x NR register tile: C[0..MR, 0..NR) (=|+= beta *) A-sliver * B-sliver over kc steps. */
    private static void kernel(float[] ap, int ai, float[] bp, int bi, int kc,
                               float[] c, int ci, int ldc, boolean overwrite, float beta) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR, ao = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo), b1 = FloatVector.fromArray(S, bp, bo + 1 * L), b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ao + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52);
            FloatVector a6 = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61); c62 = a6.fma(b2, c62);
            FloatVector a7 = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71); c72 = a7.fma(b2, c72);
        }
        if (overwrite) {
            int r0 = ci;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + 1 * L); c02.intoArray(c, r0 + 2 * L);
            int r1 = ci + 1 * ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + 1 * L); c12.intoArray(c, r1 + 2 * L);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + 1 * L); c22.intoArray(c, r2 + 2 * L);
            int r3 = ci + 3 * ldc;
            c30.intoArray(c, r3); c31.intoArray(c, r3 + 1 * L); c32.intoArray(c, r3 + 2 * L);
            int r4 = ci + 4 * ldc;
            c40.intoArray(c, r4); c41.intoArray(c, r4 + 1 * L); c42.intoArray(c, r4 + 2 * L);
            int r5 = ci + 5 * ldc;
            c50.intoArray(c, r5); c51.intoArray(c, r5 + 1 * L); c52.intoArray(c, r5 + 2 * L);
            int r6 = ci + 6 * ldc;
            c60.intoArray(c, r6); c61.intoArray(c, r6 + 1 * L); c62.intoArray(c, r6 + 2 * L);
            int r7 = ci + 7 * ldc;
            c70.intoArray(c, r7); c71.intoArray(c, r7 + 1 * L); c72.intoArray(c, r7 + 2 * L);
        } else {
            FloatVector bv = FloatVector.broadcast(S, beta);
            int r0 = ci;
            FloatVector.fromArray(S, c, r0).fma(bv, c00).intoArray(c, r0);
            FloatVector.fromArray(S, c, r0 + 1 * L).fma(bv, c01).intoArray(c, r0 + 1 * L);
            FloatVector.fromArray(S, c, r0 + 2 * L).fma(bv, c02).intoArray(c, r0 + 2 * L);
            int r1 = ci + 1 * ldc;
            FloatVector.fromArray(S, c, r1).fma(bv, c10).intoArray(c, r1);
            FloatVector.fromArray(S, c, r1 + 1 * L).fma(bv, c11).intoArray(c, r1 + 1 * L);
            FloatVector.fromArray(S, c, r1 + 2 * L).fma(bv, c12).intoArray(c, r1 + 2 * L);
            int r2 = ci + 2 * ldc;
            FloatVector.fromArray(S, c, r2).fma(bv, c20).intoArray(c, r2);
            FloatVector.fromArray(S, c, r2 + 1 * L).fma(bv, c21).intoArray(c, r2 + 1 * L);
            FloatVector.fromArray(S, c, r2 + 2 * L).fma(bv, c22).intoArray(c, r2 + 2 * L);
            int r3 = ci + 3 * ldc;
            FloatVector.fromArray(S, c, r3).fma(bv, c30).intoArray(c, r3);
            FloatVector.fromArray(S, c, r3 + 1 * L).fma(bv, c31).intoArray(c, r3 + 1 * L);
            FloatVector.fromArray(S, c, r3 + 2 * L).fma(bv, c32).intoArray(c, r3 + 2 * L);
            int r4 = ci + 4 * ldc;
            FloatVector.fromArray(S, c, r4).fma(bv, c40).intoArray(c, r4);
            FloatVector.fromArray(S, c, r4 + 1 * L).fma(bv, c41).intoArray(c, r4 + 1 * L);
            FloatVector.fromArray(S, c, r4 + 2 * L).fma(bv, c42).intoArray(c, r4 + 2 * L);
            int r5 = ci + 5 * ldc;
            FloatVector.fromArray(S, c, r5).fma(bv, c50).intoArray(c, r5);
            FloatVector.fromArray(S, c, r5 + 1 * L).fma(bv, c51).intoArray(c, r5 + 1 * L);
            FloatVector.fromArray(S, c, r5 + 2 * L).fma(bv, c52).intoArray(c, r5 + 2 * L);
            int r6 = ci + 6 * ldc;
            FloatVector.fromArray(S, c, r6).fma(bv, c60).intoArray(c, r6);
            FloatVector.fromArray(S, c, r6 + 1 * L).fma(bv, c61).intoArray(c, r6 + 1 * L);
            FloatVector.fromArray(S, c, r6 + 2 * L).fma(bv, c62).intoArray(c, r6 + 2 * L);
            int r7 = ci + 7 * ldc;
            FloatVector.fromArray(S, c, r7).fma(bv, c70).intoArray(c, r7);
            FloatVector.fromArray(S, c, r7 + 1 * L).fma(bv, c71).intoArray(c, r7 + 1 * L);
            FloatVector.fromArray(S, c, r7 + 2 * L).fma(bv, c72).intoArray(c, r7 + 2 * L);
        }
    }
}
