package dev.gradus.tensor.kernels;

/**
 * Single-precision general matrix multiply, BLAS {@code sgemm} semantics on row-major storage:
 * {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is {@code X} or its transpose.
 * Transposes are passed as flags and absorbed by the packing step; they are never materialised.
 *
 * <p>With the Vector API available ({@link VectorSupport#enabled()}) large products run a packed,
 * register-blocked GEBP kernel ({@code VectorGemm}, loaded lazily so that this class runs without
 * {@code --add-modules jdk.incubator.vector}); otherwise a blocked i-k-j loop that C2
 * auto-vectorises ({@link ScalarGemm}). Tiny products take a direct loop without packing, and products
 * that would pack an operand for a single use (one B sliver wide, or few rows, or few rows and fewer columns
 * than a vector) read both in place; C narrower than a vector is computed as dot products of A's rows. Products
 * of at least {@link #PARALLEL_FLOPS} multiply-adds are split across {@link Parallel#threads()},
 * by rows of C where there are enough, else by columns.
 */
public final class Gemm {

    /** Products with {@code m*n*k} below this run a direct loop, no packing. */
    static final long TINY = 4096;
    /**
     * Products with {@code m*n*k} at or above this (about 90 us on one core) are split across the
     * pool. Measured on 2 vCPUs: with 64^3 as the bar, 128x10x784 and 128x784x10 (1M multiply-adds)
     * ran 1.7-2x slower on 2 threads than on 1 (pool hand-off plus duplicated packing).
     */
    static final long PARALLEL_FLOPS = 1L << 22;

    /**
     * Products this shallow (k) or this small (m*n*k) with B not transposed run the unpacked vector
     * loop: W2's first convolution (k = 9) took 6 ms per batch forward on the packed path, whose
     * packing, C pre-scaling and tile loads dwarf 9 fma steps.
     */
    static final int SHALLOW_K = 16;
    /**
     * The bar for splitting a product of fewer rows than a tile across the pool: lower than {@link #PARALLEL_FLOPS},
     * since nothing is packed twice.
     */
    static final long SKINNY_PARALLEL_FLOPS = 1L << 18;
    /**
     * A product of fewer rows than a tile whose B holds at least this many floats (512 KB) is summed over
     * {@link #SKINNY_PIECES} pieces of k, whatever the thread count, so its bits do not depend on it.
     */
    static final long SKINNY_SPLIT_B = 1L << 17;
    /** Pieces of k for {@link #SKINNY_SPLIT_B}: two per thread on two threads, one per thread on four. */
    static final int SKINNY_PIECES = 4; // sumPieces adds exactly four
    static final long SMALL = 1L << 16;
    /**
     * The largest B (in floats, 1 MB) that {@code VectorGemm.inPlace} reads in place for each MR-row tile:
     * past it the packed path's cache blocking of B is worth its packing.
     */
    static final long IN_PLACE_B = 1L << 18;

    private Gemm() {}

    /**
     * Fewer rows than a register tile (batch-1 inference, a small batch's matrix-vector products): the
     * packed kernel would compute a full {@code MR}-row tile for each, and pack B, to use one row of it
     * (a batch-1 pass of W1's MLP spent 80% of its time there). B is read in place, once per row.
     *
     * <p>A large B is cut into {@link #SKINNY_PIECES} pieces of whole rows (pieces of k), each piece's
     * product is computed apart, and C is their sum in piece order. The product is bound by reading B, and
     * a thread that reads whole rows of B reads one block of memory, which stays in its core's L2 from call
     * to call (the team gives each thread the same pieces every time); split by columns, each thread read
     * every row's first or second half, whose cache lines fall in half of L2's sets, so a batch-1 MLP's
     * weights were read from L3 every call (W1's model: 35-44 us per call on 2 threads, 26 us by rows).
     */
    private static void skinny(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int threads = Parallel.threads();
        long work = (long) m * n * k;
        boolean split = threads > 1 && work >= SKINNY_PARALLEL_FLOPS && !Parallel.inLoop();
        // a one-row product (batch-1 inference) skips the rows of B that face a zero of A (VectorGemm.terms)
        boolean oneRow = m == 1;
        // (C at most 2^20 floats, so that the pieces' partial products stay a small scratch)
        if ((long) k * n >= SKINNY_SPLIT_B && k >= SKINNY_PIECES && (long) m * n <= 1 << 20) {
            float[] parts = VectorGemm.piecesScratch(SKINNY_PIECES * m * n);
            int aCol = transA ? lda : 1;
            Parallel.RangeBody pieces = (lo, hi) -> {
                for (int q = lo; q < hi; q++) {
                    int p0 = (int) ((long) k * q / SKINNY_PIECES), p1 = (int) ((long) k * (q + 1) / SKINNY_PIECES);
                    VectorGemm.unpacked(transA, m, n, p1 - p0, alpha, a, aOff + p0 * aCol, lda,
                            b, bOff + p0 * ldb, ldb, 0f, parts, q * m * n, n, oneRow);
                }
            };
            if (split) Parallel.forChunks(SKINNY_PIECES, Math.min(threads, SKINNY_PIECES), pieces);
            else pieces.run(0, SKINNY_PIECES);
            sumPieces(parts, m, n, beta, c, cOff, ldc);
            return;
        }
        int lanes = VectorGemm.lanes();
        int vectors = n / lanes;
        if (split && vectors >= 2 * threads) {
            // the columns past the last whole vector go with the last chunk
            Parallel.forChunks(vectors, threads, (lo, hi) -> {
                int j0 = lo * lanes, j1 = hi == vectors ? n : hi * lanes;
                VectorGemm.unpacked(transA, m, j1 - j0, k, alpha, a, aOff, lda, b, bOff + j0, ldb, beta, c, cOff + j0, ldc, oneRow);
            });
            return;
        }
        VectorGemm.unpacked(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, oneRow);
    }

    /**
     * C = beta * C + the pieces' m x n products, added in piece order ({@code beta == 0} ignores C). One loop
     * along each row reads the four pieces side by side, which C2 vectorises; each element is still
     * ((p0 + p1) + p2) + p3, the same bits as before (with the pieces innermost it was a scalar loop, 0.5 us
     * of a 25 us batch-1 predict).
     */
    private static void sumPieces(float[] parts, int m, int n, float beta, float[] c, int cOff, int ldc) {
        int size = m * n;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc, p0 = i * n, p1 = p0 + size, p2 = p1 + size, p3 = p2 + size;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) c[ci + j] = parts[p0 + j] + parts[p1 + j] + parts[p2 + j] + parts[p3 + j];
            } else {
                for (int j = 0; j < n; j++)
                    c[ci + j] = parts[p0 + j] + parts[p1 + j] + parts[p2 + j] + parts[p3 + j] + beta * c[ci + j];
            }
        }
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}, row-major; {@code op(A)} is m x k, {@code op(B)} is
     * k x n. {@code beta == 0} ignores C's old contents (even NaN).
     *
     * @param transA whether A is stored transposed (k x m with row stride {@code lda})
     * @param transB whether B is stored transposed (n x k with row stride {@code ldb})
     * @param lda    row stride of A as stored: {@code >= k} when {@code !transA}, {@code >= m} when {@code transA}
     * @param ldb    row stride of B as stored: {@code >= n} when {@code !transB}, {@code >= k} when {@code transB}
     * @param ldc    row stride of C (m x n): {@code >= n}
     * @throws IllegalArgumentException naming the argument, when a size, stride, offset or array length is wrong
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        validate(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * n * k;
        if (work < TINY) {
            direct(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        final boolean vector = VectorSupport.enabled();
        if (vector && n < VectorGemm.lanes() && m >= VectorGemm.lanes()) {
            if (!transA && k >= VectorGemm.lanes()) {
                VectorGemm.narrowDot(transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            } else {
                narrow(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
            return;
        }
        if (vector && !transB && m < VectorGemmShape.MR && n < VectorGemm.lanes()) {
            VectorGemm.fewRowsNarrow(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (vector && !transB && m < VectorGemmShape.MR && n >= VectorGemm.lanes()) {
            skinny(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (vector && !transB && (k <= SHALLOW_K || work <= SMALL) && n >= VectorGemm.lanes()) {
            int aRow = transA ? 1 : lda;
            Parallel.RangeBody rows = (lo, hi) -> VectorGemm.unpacked(transA, hi - lo, n, k, alpha,
                    a, aOff + lo * aRow, lda, b, bOff, ldb, beta, c, cOff + lo * ldc, ldc);
            // the same bar as the packed path: below it a hand-off to the pool costs more than the product
            if (work >= PARALLEL_FLOPS) Parallel.forRange(m, (long) n * k, rows);
            else rows.run(0, m);
            return;
        }
        int lanes = vector ? VectorGemm.lanes() : 0;
        // op(A) read in place when C is at most 8 vectors wide (A would be packed for at most three slivers'
        // use; op(B), transposed, is first copied into rows), or with few rows of C and B not transposed. Alone,
        // one thread, alternating in one JVM against the packed path: 200 x 64 x 32 7.5 -> 5.2 us, 6400 x 64 x 32
        // 240 -> 186, 3000 x 96 x 700 2654 -> 2207, B transposed 200 x 32 x 64 10.7 -> 6.8 and 6400 x 64 x 32
        // 250 -> 189 (the same bits). Wider, it lost or tied: 128 x 1024 x 128 198 -> 196 / 109 -> 116 on two
        // threads, 800 x 512 x 64 278 -> 300, attention's 200 x 200 x 32 with B transposed 24.5 -> 25.2, and
        // 32 x 512 x 256 with B transposed 106 -> 156 (its copy of B costs as much as the product saves)
        if (vector && m >= VectorGemmShape.MR && n >= lanes && (long) k * n <= IN_PLACE_B
                && (n <= 8 * lanes || !transB && m <= 4 * VectorGemmShape.MR)) {
            boolean split = Parallel.threads() > 1 && work >= PARALLEL_FLOPS && !Parallel.inLoop();
            VectorGemm.inPlace(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, split);
            return;
        }
        int threads = Parallel.threads();
        if (threads > 1 && work >= PARALLEL_FLOPS && !Parallel.inLoop()) {
            // Split into per-thread sub-products on whole register tiles, so each element is computed as on one
            // thread: rows when there are enough (MR = 8 rows balance better than NR = 48 columns, and column
            // edges waste lanes), else columns. Columns too when op(B) is wider than A is tall: each thread packs
            // all of the operand it does not split, and B is then the larger one. In an MLP's products at batch
            // 128 a row split made both threads pack all of the weights, half of which the other core had just
            // written in the optimizer's update: inside W1's step 128 x 512 x 784 took 542-551 us with rows and
            // 473-494 with columns, 128 x 512 x 512 341-350 and 302-325, its B^T twin 369-382 and 341-351
            // (alone, with the weights in cache, columns cost 2% more: 5 and 6 slivers of 48 are not halves).
            int mr = vector ? VectorGemmShape.MR : ScalarGemm.MR;
            int nr = vector ? VectorGemmShape.NR : ScalarGemm.NR;
            boolean widerB = vector && n > m && n >= 2 * nr * threads;
            if (!widerB && (m >= 4 * mr * threads || (m >= 2 * mr && n < 2 * nr))) {
                int units = (m + mr - 1) / mr;
                // a transposed B is packed by a scalar transpose: the threads do it once between them
                // (B^T products 1.15x faster); a plain B's packing is a copy, and sharing it cost
                // more in hand-offs and cross-core reads than it saved
                if (vector && transB) {
                    VectorGemm.gemmSharedB(Math.min(threads, units), transA, transB, m, n, k, alpha,
                            a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                    return;
                }
                Parallel.forChunks(units, Math.min(threads, units), (lo, hi) -> {
                    int i0 = lo * mr, i1 = Math.min(m, hi * mr);
                    int ao = transA ? aOff + i0 : aOff + i0 * lda;
                    run(vector, transA, transB, i1 - i0, n, k, alpha, a, ao, lda, b, bOff, ldb, beta, c,
                            cOff + i0 * ldc, ldc);
                });
                return;
            }
            if (n >= 2 * nr) {
                int units = (n + nr - 1) / nr;
                Parallel.forChunks(units, Math.min(threads, units), (lo, hi) -> {
                    int j0 = lo * nr, j1 = Math.min(n, hi * nr);
                    int bo = transB ? bOff + j0 * ldb : bOff + j0;
                    run(vector, transA, transB, m, j1 - j0, k, alpha, a, aOff, lda, b, bo, ldb, beta, c, cOff + j0, ldc);
                });
                return;
            }
        }
        run(vector, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * C narrower than a vector with A stored transposed (a classifier's kernel gradient, 512 x 10 x 128 in W1):
     * computed as {@code C^T = op(B)^T op(A)^T}, whose rows are long, into a scratch matrix that is then
     * transposed into C. Directly, every register tile of C was a partial one-vector tile (W2's 1600-to-10
     * Dense: 200-330 us per product instead of about 60). With A's rows contiguous the dot products of
     * {@code VectorGemm.narrowDot} are faster still: this form packs A by a scalar transpose.
     */
    private static void narrow(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        float[] t = VectorGemm.transposedScratch(n * m);
        sgemm(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, 0f, t, 0, m);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float v = t[j * m + i];
                c[ci + j] = beta == 0f ? v : v + beta * c[ci + j];
            }
        }
    }

    private static void run(boolean vector, boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (vector) {
            VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            ScalarGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** Name of the implementation in use, for benchmark reports, e.g. "vector-512 (16 lanes)" or "scalar". */
    public static String implementation() {
        if (VectorSupport.enabled()) return VectorGemm.describe();
        return "scalar";
    }

    /** C = beta * C over the m x n block (beta == 0 writes zeros, whatever C held). */
    static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int r = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, r, r + n, 0f);
            } else {
                for (int j = 0; j < n; j++) c[r + j] *= beta;
            }
        }
    }

    /** Unpacked loops for tiny products, where packing and pool hand-offs would dominate. */
    static void direct(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda, aCol = transA ? lda : 1; // A(i, p) = a[aOff + i*aRow + p*aCol]
        int bRow = transB ? 1 : ldb, bCol = transB ? ldb : 1; // B(p, j) = b[bOff + p*bRow + j*bCol]
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRow;
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * bCol;
                float s = 0f;
                for (int p = 0; p < k; p++) s += a[ai + p * aCol] * b[bj + p * bRow];
                s *= alpha;
                c[ci + j] = beta == 0f ? s : s + beta * c[ci + j];
            }
        }
    }

    // ---------------------------------------------------------------- validation

    static void validate(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc) {
        nonNegative("m", m);
        nonNegative("n", n);
        nonNegative("k", k);
        nonNegative("aOff", aOff);
        nonNegative("bOff", bOff);
        nonNegative("cOff", cOff);
        // A as stored: rows x cols
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        stride("lda", lda, aCols, transA ? "m (transA=true: A is stored k x m)" : "k (transA=false: A is stored m x k)");
        stride("ldb", ldb, bCols, transB ? "k (transB=true: B is stored n x k)" : "n (transB=false: B is stored k x n)");
        stride("ldc", ldc, n, "n (C is m x n)");
        length("a", a, aOff, aRows, aCols, lda, "lda");
        length("b", b, bOff, bRows, bCols, ldb, "ldb");
        length("c", c, cOff, m, n, ldc, "ldc");
    }

    private static void nonNegative(String name, int v) {
        if (v < 0) throw new IllegalArgumentException(name + ": expected >= 0, got " + v);
    }

    private static void stride(String name, int ld, int cols, String what) {
        int min = Math.max(1, cols);
        if (ld < min) {
            throw new IllegalArgumentException(name + ": expected >= max(1, " + what + ") = " + min + ", got " + ld);
        }
    }

    private static void length(String name, float[] x, int off, int rows, int cols, int ld, String ldName) {
        if (x == null) throw new IllegalArgumentException(name + ": expected an array, got null");
        long need = rows == 0 || cols == 0 ? off : off + (long) (rows - 1) * ld + cols;
        if (x.length < need) {
            throw new IllegalArgumentException(name + ": array too short: expected length >= " + need
                    + " (offset " + off + " + (" + rows + " - 1) * " + ldName + " " + ld + " + " + cols
                    + "), got " + x.length);
        }
    }
}
