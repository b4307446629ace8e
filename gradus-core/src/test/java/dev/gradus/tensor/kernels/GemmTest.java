package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GemmTest {

    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 17, 1}, {1, 1, 300}, {5, 1, 3}, {7, 13, 5}, {8, 48, 16}, {9, 49, 257},
        {16, 16, 16}, {32, 32, 32}, {33, 65, 17}, {128, 10, 64}, {10, 128, 33}, {130, 3, 257},
        {3, 130, 257}, {64, 64, 64}, {97, 101, 259}, {200, 500, 3}, {61, 530, 520},
    };

    /** Reference: double-accumulating triple loop; returns C and sum of |alpha * a * b| + |beta * c| per entry. */
    private static double[][] reference(boolean ta, boolean tb, int m, int n, int k, float alpha,
                                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                        float beta, float[] c, int cOff, int ldc) {
        double[] out = new double[m * n], mag = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, t = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                    t += Math.abs(x * y);
                }
                double old = beta == 0f ? 0 : (double) beta * c[cOff + i * ldc + j];
                out[i * n + j] = alpha * s + old;
                mag[i * n + j] = Math.abs(alpha) * t + Math.abs(old);
            }
        }
        return new double[][] {out, mag};
    }

    private static float[] random(Random r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = r.nextFloat() * 2 - 1;
        return x;
    }

    private static void check(Random r, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                              boolean padded, String where) {
        int aOff = padded ? 3 : 0, bOff = padded ? 5 : 0, cOff = padded ? 7 : 0;
        int aCols = ta ? m : k, aRows = ta ? k : m, bCols = tb ? k : n, bRows = tb ? n : k;
        int lda = aCols + (padded ? 4 : 0), ldb = bCols + (padded ? 2 : 0), ldc = n + (padded ? 3 : 0);
        float[] a = random(r, aOff + aRows * lda + 2);
        float[] b = random(r, bOff + bRows * ldb + 2);
        float[] c = random(r, cOff + m * ldc + 2);
        if (beta == 0f) Arrays.fill(c, Float.NaN);
        float[] before = c.clone();
        double[][] ref = reference(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        Gemm.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float got = c[cOff + i * ldc + j];
                double want = ref[0][i * n + j], tol = 1e-5 * (ref[1][i * n + j] + 1e-3) * Math.sqrt(k + 1.0) + 1e-6;
                if (!(Math.abs(got - want) <= tol)) {
                    fail(where + " C[" + i + "," + j + "] = " + got + ", want " + want + " (tol " + tol + ")");
                }
                c[cOff + i * ldc + j] = before[cOff + i * ldc + j]; // mark visited for the untouched check
            }
        }
        for (int x = 0; x < c.length; x++) {
            if (Float.floatToRawIntBits(c[x]) != Float.floatToRawIntBits(before[x])) {
                fail(where + " wrote outside C's m x n block at index " + x);
            }
        }
    }

    private static void allCases(String path) {
        Random r = new Random(42);
        float[][] ab = {{1f, 0f}, {1f, 1f}, {-0.5f, 0f}, {2f, 1f}, {0.75f, -1.5f}};
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                for (float[] x : ab) {
                    for (boolean padded : new boolean[] {false, true}) {
                        String where = path + " " + s[0] + "x" + s[1] + "x" + s[2] + " transA=" + ta + " transB=" + tb
                                + " alpha=" + x[0] + " beta=" + x[1] + " padded=" + padded + " threads=" + Parallel.threads();
                        check(r, ta, tb, s[0], s[1], s[2], x[0], x[1], padded, where);
                    }
                }
            }
        }
    }

    private static void withPath(boolean vector, int threads, Runnable body) {
        boolean was = VectorSupport.enabled();
        int t = Parallel.threads();
        try {
            VectorSupport.setEnabled(vector);
            Parallel.setThreads(threads);
            body.run();
        } finally {
            VectorSupport.setEnabled(was);
            Parallel.setThreads(t);
        }
    }

    @Test
    void vectorPathMatchesReference() {
        for (int threads : new int[] {1, 2}) {
            withPath(true, threads, () -> allCases(Gemm.implementation()));
        }
    }

    @Test
    void scalarPathMatchesReference() {
        for (int threads : new int[] {1, 2}) {
            withPath(false, threads, () -> {
                assertThat(Gemm.implementation()).isEqualTo("scalar");
                allCases("scalar");
            });
        }
    }

    @Test
    void largeProductsCrossBlockBoundaries() {
        // k > KC, n > NC, m > MC: several packed blocks in every dimension; both paths, both thread counts.
        for (boolean vector : new boolean[] {true, false}) {
            for (int threads : new int[] {1, 2}) {
                withPath(vector, threads, () -> {
                    Random r = new Random(7);
                    check(r, false, false, 203, 1001, 600, 1f, 0f, false, "large NN");
                    check(r, true, true, 150, 530, 777, -1f, 0.5f, true, "large TT");
                    // B transposed, n > NC: two threads pack each panel of B between them
                    check(r, false, true, 203, 1001, 600, 0.5f, 1f, true, "large NT");
                });
            }
        }
    }

    @Test
    void fewerRowsThanATileTakeTheUnpackedPath() {
        // m < MR (batch-1 inference): B read in place. 1000 x 784 and 200 x 784 hold B of at least SKINNY_SPLIT_B
        // floats, so C sums four pieces of k (on two threads, two pieces each); 300 x 400 is past the skinny bar
        // but smaller, so two threads split its columns (18 vectors of 16 plus 12 tail columns, which go with the
        // last chunk); 70 x 300 runs whole on the caller
        for (int threads : new int[] {1, 2}) {
            withPath(true, threads, () -> {
                Random r = new Random(11);
                for (int m : new int[] {1, 3, 5, 7}) {
                    for (boolean ta : new boolean[] {false, true}) {
                        check(r, ta, false, m, 1000, 784, 1f, 0f, false, "skinny m=" + m + " transA=" + ta);
                        check(r, ta, false, m, 200, 784, 0.5f, 1.5f, true, "skinny beta m=" + m + " transA=" + ta);
                        check(r, ta, false, m, 300, 400, 1f, 0f, true, "skinny columns m=" + m + " transA=" + ta);
                        check(r, ta, false, m, 70, 300, -1f, 0f, true, "skinny narrow m=" + m + " transA=" + ta);
                    }
                }
            });
        }
    }

    @Test
    void aOneRowProductSkipsTheRowsOfBThatFaceAZero() {
        // batch-1 inference on sparse inputs: each column is the fma chain over k in order (in four pieces of k,
        // added in order, when B is large), and a zero term leaves a chain's bits as they are, so skipping it
        // gives exactly the full chain's bits; 1000 columns cover sixteen-vector blocks, four-vector blocks,
        // single vectors and the scalar tail. The vector path's (the scalar path reads every row)
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        for (int threads : new int[] {1, 2}) {
            withPath(true, threads, () -> {
                Random r = new Random(23);
                for (int[] s : new int[][] {{1000, 784}, {300, 400}, {70, 300}}) {
                    int n = s[0], k = s[1];
                    float[] a = random(r, k), b = random(r, k * n);
                    for (int p = 0; p < k; p++) if (p % 5 != 2) a[p] = p % 2 == 0 ? 0f : -0f;
                    a[7] = 1e-30f; // alpha * a underflows to zero: skipped too
                    float alpha = 1e-10f;
                    boolean pieces = (long) k * n >= Gemm.SKINNY_SPLIT_B;
                    float[] want = new float[n];
                    for (int j = 0; j < n; j++) {
                        float sum = 0f;
                        for (int q = 0; q < (pieces ? Gemm.SKINNY_PIECES : 1); q++) {
                            int p0 = pieces ? k * q / Gemm.SKINNY_PIECES : 0, p1 = pieces ? k * (q + 1) / Gemm.SKINNY_PIECES : k;
                            float acc = 0f;
                            for (int p = p0; p < p1; p++) acc = Math.fma(alpha * a[p], b[p * n + j], acc);
                            sum = q == 0 ? acc : sum + acc;
                        }
                        want[j] = sum;
                    }
                    float[] c = new float[n];
                    Gemm.sgemm(false, false, 1, n, k, alpha, a, 0, k, b, 0, n, 0f, c, 0, n);
                    assertThat(c).as("1 x %d x %d on %d threads", n, k, threads).containsExactly(want);
                    // A stored as a k x 1 column (transposed) is the same row
                    float[] ct = new float[n];
                    Gemm.sgemm(true, false, 1, n, k, alpha, a, 0, 1, b, 0, n, 0f, ct, 0, n);
                    assertThat(ct).as("transposed 1 x %d x %d on %d threads", n, k, threads).containsExactly(want);
                    // the skipped rows are not read: NaN there stays out of C; in a batch every row is read
                    for (int p = 0; p < k; p++) if (alpha * a[p] == 0f) b[p * n + 3] = Float.NaN;
                    Gemm.sgemm(false, false, 1, n, k, alpha, a, 0, k, b, 0, n, 0f, c, 0, n);
                    assertThat(c[3]).isEqualTo(want[3]);
                    float[] two = new float[2 * k], c2 = new float[2 * n];
                    System.arraycopy(a, 0, two, 0, k);
                    System.arraycopy(a, 0, two, k, k);
                    Gemm.sgemm(false, false, 2, n, k, alpha, two, 0, k, b, 0, n, 0f, c2, 0, n);
                    assertThat(c2[3]).isNaN();
                    // nor when the row is a batch's last, left over after its whole tiles
                    float[] nine = new float[9 * k], c9 = new float[9 * n];
                    for (int i = 0; i < 8 * k; i++) nine[i] = 1f;
                    System.arraycopy(a, 0, nine, 8 * k, k);
                    Gemm.sgemm(false, false, 9, n, k, alpha, nine, 0, k, b, 0, n, 0f, c9, 0, n);
                    assertThat(c9[8 * n + 3]).isNaN();
                }
            });
        }
    }

    @Test
    void fewerRowsThanATileAndFewerColumnsThanAVectorReadBInPlace() {
        // a classifier's scores for a few examples: each row one vector over k; B's rows read as whole vectors
        // into the next row, and the last rows, whose vector would pass the array's end, one float at a time
        withPath(true, 1, () -> {
            Random r = new Random(13);
            for (int m : new int[] {1, 2, 7}) {
                for (int n : new int[] {1, 10, 15}) {
                    for (boolean ta : new boolean[] {false, true}) {
                        check(r, ta, false, m, n, 1600, 1f, 0f, false, "narrow m=" + m + " n=" + n + " transA=" + ta);
                        check(r, ta, false, m, n, 613, -0.5f, 2f, true, "narrow beta m=" + m + " n=" + n + " transA=" + ta);
                    }
                }
            }
        });
    }

    @Test
    void narrowProductsOfPlainATakeDotProducts() {
        // C narrower than a vector, A's rows contiguous: dot products of A's rows and op(B)'s columns, in groups of
        // four columns and two rows; an odd last row, the columns past the last group, k past the last whole
        // vector, alpha, beta, padded strides and both layouts of B
        for (int threads : new int[] {1, 2}) {
            withPath(true, threads, () -> {
                Random r = new Random(17);
                for (int n : new int[] {1, 3, 4, 5, 8, 10, 15}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        check(r, false, tb, 128, n, 512, 1f, 0f, false, "narrow dot 128 n=" + n + " transB=" + tb);
                        check(r, false, tb, 37, n, 1603, -0.5f, 1.5f, true, "narrow dot odd n=" + n + " transB=" + tb);
                        check(r, false, tb, 16, n, 16, 2f, 0f, true, "narrow dot one vector n=" + n + " transB=" + tb);
                        check(r, false, tb, 1031, n, 600, 1f, 0f, false, "narrow dot split n=" + n + " transB=" + tb);
                    }
                }
            });
        }
    }

    @Test
    void narrowDotProductsGiveTheSameBitsOnOneAndTwoThreads() {
        // 1025 x 10 x 515 is split across two threads by pairs of rows; each element's order does not depend on it
        sameBitsOnOneAndTwoThreads(new Random(19), 1025, 10, 515);
    }

    @Test
    void fewerRowsThanATileGiveTheSameBitsOnOneAndTwoThreads() {
        // the pieces of k are fixed whatever the thread count, and summed in piece order
        sameBitsOnOneAndTwoThreads(new Random(5), 3, 512, 784);
    }

    @Test
    void productsWiderThanTallSplitTheirColumnsWithTheBitsOfOneThread() {
        // an MLP's forward and input-gradient products at batch 128: op(B) is wider than A is tall, so two threads
        // split the columns, on whole slivers (a split that cut a vector of columns would compute those columns in
        // a scratch tile and add each block of k's sum to C, other bits: k = 784 runs past KC; checked by
        // splitting at column 250)
        sameBitsOnOneAndTwoThreads(new Random(23), 128, 512, 784, false);
        sameBitsOnOneAndTwoThreads(new Random(29), 128, 512, 784, true);
    }

    @Test
    void packedKernelsComputeEachElementAsTheFmaChainOverKInOrder() {
        // one k block (k <= KC, which is 256 or 384 by the host's caches) from zero: every element of C is exactly
        // fma(a[i,p], b[p,j], ...) for p = 0, 1, ... from 0, the order the same-bits guarantees rest on (a kernel
        // that reassociated or split a multiply from its add would differ; past KC a partial tile's blocks are added,
        // another order). At 16 lanes 112 columns are two three-vector slivers and a one-vector edge sliver; 43 rows
        // are five whole tiles and a partial one (more than four tiles of rows and wider than a sliver: the packed
        // path, not the in-place one); odd and even k
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorSupport.present(), "run with --add-modules jdk.incubator.vector");
        int kc = VectorGemmShape.KC;
        for (int k : new int[] {200, 201, kc, kc - 1}) {
            withPath(true, 1, () -> {
                Random r = new Random(31 + k);
                int m = 43, n = 112;
                float[] a = random(r, m * k), b = random(r, k * n), c = new float[m * n];
                Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float acc = 0f;
                        for (int p = 0; p < k; p++) acc = Math.fma(a[i * k + p], b[p * n + j], acc);
                        if (Float.floatToRawIntBits(acc) != Float.floatToRawIntBits(c[i * n + j])) {
                            fail("k=" + k + " C[" + i + "," + j + "] = " + c[i * n + j] + ", the fma chain gives " + acc);
                        }
                    }
                }
            });
        }
    }

    private static void sameBitsOnOneAndTwoThreads(Random r, int m, int n, int k) {
        sameBitsOnOneAndTwoThreads(r, m, n, k, false);
    }

    /** C = 0.5 A op(B) + 1.25 C on the vector path, on one thread and on two: the same bits, and C changed. */
    private static void sameBitsOnOneAndTwoThreads(Random r, int m, int n, int k, boolean transB) {
        float[] a = random(r, m * k), b = random(r, k * n), c0 = random(r, m * n);
        float[][] out = new float[2][];
        for (int threads : new int[] {1, 2}) {
            withPath(true, threads, () -> {
                float[] c = c0.clone();
                Gemm.sgemm(false, transB, m, n, k, 0.5f, a, 0, k, b, 0, transB ? k : n, 1.25f, c, 0, n);
                out[threads - 1] = c;
            });
        }
        assertThat(out[1]).containsExactly(out[0]);
        assertThat(out[0]).isNotEqualTo(c0);
    }

    @Test
    void narrowOrFewRowsProductsReadTheOperandsInPlace() {
        // at most 8 vectors wide (attention's P·V, 200 x 32 x 200; a Dense layer on a sequence, 200 x 64 x 32 and,
        // B transposed, 200 x 32 x 64) or m <= 4 tiles with B not transposed: no packing. Row and column tails,
        // alpha folded into a copy of B (of A when B is transposed), beta, a transposed B copied into rows in blocks of
        // 32 (70 and 45 columns: not multiples of the block), and (1000 x 40 x 200) a split across
        // threads; with B transposed the few-rows shapes wider than 8 vectors take the packed path
        int[][] shapes = {{200, 32, 200}, {203, 45, 300}, {8, 16, 600}, {64, 48, 33}, {32, 200, 200}, {17, 70, 90},
            {1000, 40, 200}, {200, 32, 64}, {200, 64, 32}, {203, 70, 45}, {8, 128, 19}, {300, 128, 40}};
        float[][] ab = {{1f, 0f}, {1f, 1f}, {0.25f, 0f}, {-1.5f, 0.5f}};
        for (int threads : new int[] {1, 2}) {
            withPath(true, threads, () -> {
                Random r = new Random(13);
                for (int[] s : shapes) {
                    for (float[] x : ab) {
                        for (boolean ta : new boolean[] {false, true}) {
                            for (boolean tb : new boolean[] {false, true}) {
                                for (boolean padded : new boolean[] {false, true}) {
                                    check(r, ta, tb, s[0], s[1], s[2], x[0], x[1], padded, "in place " + Arrays.toString(s)
                                            + " alpha=" + x[0] + " beta=" + x[1] + " transA=" + ta + " transB=" + tb
                                            + " padded=" + padded);
                                }
                            }
                        }
                    }
                }
            });
        }
    }

    @Test
    void vectorImplementationIsNamed() {
        withPath(true, 1, () -> {
            if (VectorSupport.present()) assertThat(Gemm.implementation()).startsWith("vector-");
            else assertThat(Gemm.implementation()).isEqualTo("scalar");
        });
    }

    @Test
    void zeroSizesAndZeroAlpha() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 2f, c, 0, 2);
        assertThat(c).containsExactly(2, 4, 6, 8);
        float[] nan = {Float.NaN, Float.NaN};
        Gemm.sgemm(false, false, 1, 2, 3, 0f, new float[3], 0, 3, new float[6], 0, 2, 0f, nan, 0, 2);
        assertThat(nan).containsExactly(0, 0);
        Gemm.sgemm(false, false, 0, 5, 5, 1f, new float[0], 0, 5, new float[25], 0, 5, 0f, new float[0], 0, 5);
    }

    @Test
    void badArgumentsNameTheArgument() {
        float[] a = new float[6], b = new float[6], c = new float[4];
        assertThatThrownBy(() -> Gemm.sgemm(false, false, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m:").hasMessageContaining("-1");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, -2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n:");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, -3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k:");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lda:").hasMessageContaining("3")
                .hasMessageContaining("got 2");
        assertThatThrownBy(() -> Gemm.sgemm(true, false, 2, 2, 3, 1f, a, 0, 1, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lda:").hasMessageContaining("transA=true");
        assertThatThrownBy(() -> Gemm.sgemm(false, true, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ldb:").hasMessageContaining("got 2");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ldc:");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 1, 3, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a: array too short")
                .hasMessageContaining(">= 7").hasMessageContaining("got 6");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, new float[5], 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("b: array too short");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c: array too short");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, -1, 3, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aOff:");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, null, 0, 3, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a: expected an array");
    }
}
