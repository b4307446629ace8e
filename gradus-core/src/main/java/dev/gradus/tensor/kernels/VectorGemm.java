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
 * per accumulator per k step; column edges of 1 or 2 vectors use an 8 x 1 or 8 x 2 variant). The A sliver (MR x KC) stays in L1, the packed B panel (KC x NC)
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
        final AlignedFloats b = AlignedFloats.allocate(KC * NC);
        final float[] tile = new float[MR * NR];
    }

    /**
     * A thread's smaller scratch arrays, kept from call to call and grown as needed ({@link #atLeast}): a new array
     * each call is memory no cache holds, and writing it evicts what they held (a batch-1 GEMV's 8 KB of pieces
     * pushed its weights out of L2). Apart from {@link Buffers}, whose 1 MB packing panel a thread that only runs
     * batch-1 products never needs.
     */
    private static final class Scratch {
        /** {@link #narrowDot}'s copy of op(B)^T, and its lanes. */
        float[] columns = new float[0], lanes = new float[0];
        /** {@code Gemm.narrow}'s C^T; {@code Gemm.skinny}'s products of the pieces of k. */
        float[] transposed = new float[0], pieces = new float[0];
        /** {@link #inPlace}'s operand copy scaled by alpha, B's zero-padded tail columns, and op(B) copied from a transposed B. */
        float[] scaled = new float[0], tail = new float[0], rowsOfB = new float[0];
        /** A lone row's terms ({@link #terms}): the scales and where their rows of B start. */
        float[] scales = new float[0];
        int[] rows = new int[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** {@code x} when it holds at least {@code size} floats, else a new array of {@code size}. */
    private static float[] atLeast(float[] x, int size) {
        return x.length >= size ? x : new float[size];
    }

    /** The calling thread's scratch of at least {@code size} floats for {@code Gemm.narrow}'s C^T. */
    static float[] transposedScratch(int size) {
        Scratch s = SCRATCH.get();
        return s.transposed = atLeast(s.transposed, size);
    }

    /** The calling thread's scratch of at least {@code size} floats for {@code Gemm.skinny}'s pieces. */
    static float[] piecesScratch(int size) {
        Scratch s = SCRATCH.get();
        return s.pieces = atLeast(s.pieces, size);
    }

    /** An MR x NR tile of zeros (row stride NR), read by the kernels in place of C when beta == 0. */
    private static final float[] ZERO = new float[MR * NR];

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private VectorGemm() {}

    static String describe() {
        return "vector-" + S.vectorBitSize() + " (" + L + " lanes, " + MR + "x" + NR + " tile, KC " + KC
                + ", MC " + MC + ", NC " + NC + (AlignedFloats.aligned() ? ", B panel 64-byte aligned" : "") + ")";
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        AlignedFloats panel = BUFFERS.get().b;
        float[] pb = panel.data;
        int pbOff = panel.offset;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb, pbOff);
                rows(transA, a, aOff, lda, 0, m, pc, kc, jc, nc, alpha, pb, pbOff, beta, c, cOff, ldc);
            }
        }
    }

    /** The calling thread's shared B panel, packed by all threads of a {@link #gemmSharedB}. */
    private static final ThreadLocal<AlignedFloats> SHARED_B = ThreadLocal.withInitial(() -> AlignedFloats.allocate(KC * NC));

    /**
     * {@link #gemm} over {@code parts} threads that split C's rows (in whole MR tiles) and share one
     * packed B: each KC x NC panel of op(B) is packed once, a share of its slivers per thread, then
     * every thread runs its rows against the whole panel. With each thread packing all of B, as a
     * plain row split does, packing was a tenth of an MLP's training time at batch 128. Same
     * arithmetic, so the same bits as {@link #gemm}.
     */
    static void gemmSharedB(int parts, boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        AlignedFloats panel = SHARED_B.get();
        float[] pb = panel.data;
        int pbOff = panel.offset;
        int tiles = (m + MR - 1) / MR;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc), slivers = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc), j0 = jc, p0 = pc;
                Parallel.forChunks(slivers, Math.min(parts, slivers), (lo, hi) -> {
                    int t0 = lo * NR, t1 = Math.min(nc, hi * NR);
                    packB(transB, b, bOff, ldb, p0, kc, j0 + t0, t1 - t0, pb, pbOff + t0 * kc);
                });
                Parallel.forChunks(tiles, Math.min(parts, tiles), (lo, hi) ->
                        rows(transA, a, aOff, lda, lo * MR, Math.min(m, hi * MR), p0, kc, j0, nc, alpha, pb, pbOff, beta, c, cOff, ldc));
            }
        }
    }

    /** C rows [i0, i1), columns [jc, jc + nc) += alpha op(A)[i0:i1, pc:pc+kc] times the packed panel at pb[pbOff] (beta applied at pc 0). */
    private static void rows(boolean transA, float[] a, int aOff, int lda, int i0, int i1, int pc, int kc, int jc, int nc,
                             float alpha, float[] pb, int pbOff, float beta, float[] c, int cOff, int ldc) {
        Buffers buf = BUFFERS.get();
        float[] pa = buf.a, tile = buf.tile;
        for (int ic = i0; ic < i1; ic += MC) {
            int mc = Math.min(MC, i1 - ic);
            packA(transA, a, aOff, lda, ic, mc, pc, kc, alpha, pa);
            // one sliver of B against every sliver of the packed A, then the next: each sliver of the B panel
            // is read from the outer caches once per MC rows, and the A block (MC x KC, 288 KB) from L2 once
            // per sliver. With A's slivers outside, the whole B panel (1.4 MB at n = 1024) was streamed once
            // per eight rows: an n = 1024 product ran 2-15% slower on one Zen 5 core (medians of 40
            // alternating pairs at KC 256 and 384, this order faster in 35-39 of them). The tiles are
            // disjoint, so the order changes no bits
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int nv = (nr + L - 1) / L; // vectors of the tile that hold columns of C
                for (int ir = 0; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int crow = cOff + (ic + ir) * ldc + jc;
                    boolean full = mr == MR && nr == nv * L;
                    // the kernel starts from src and stores into dst: a full tile's first k block with
                    // beta == 0 starts from ZERO, not from C zeroed by a pass of its own (which cost a
                    // write and a read of C from memory per product)
                    float[] dst = tile, src = tile;
                    int di = 0, dld = NR, si = 0, sld = NR;
                    if (full) {
                        dst = c;
                        di = crow + jr;
                        dld = ldc;
                        if (pc == 0 && beta == 0f) {
                            src = ZERO;
                        } else {
                            if (pc == 0 && beta != 1f) scale(c, di, ldc, MR, nr, beta);
                            src = c;
                            si = di;
                            sld = ldc;
                        }
                    } else {
                        java.util.Arrays.fill(tile, 0f);
                    }
                    if (nv == 3) {
                        kernel3(pa, ir * kc, pb, pbOff + jr * kc, kc, src, si, sld, dst, di, dld);
                    } else if (nv == 2) {
                        kernel2(pa, ir * kc, pb, pbOff + jr * kc, kc, src, si, sld, dst, di, dld);
                    } else {
                        kernel1(pa, ir * kc, pb, pbOff + jr * kc, kc, src, si, sld, dst, di, dld);
                    }
                    if (!full) merge(tile, mr, nr, c, crow + jr, ldc, pc == 0 ? beta : 1f);
                }
            }
        }
    }

    /** Vector lanes of the preferred species, for {@link Gemm}'s choice of path. */
    static int lanes() {
        return L;
    }

    /**
     * Unpacked product for a shallow k or a small product with B not transposed (a first
     * convolution's 3x3x1 patches, a tiny MLP), where packing costs more than it saves: four rows of
     * C at a time, one vector of columns each, B rows read in place. The arithmetic is the packed
     * path's (C scaled by beta first, alpha folded into A, one fma per k step in order), so with
     * beta == 0 and k <= KC both give the same bits (otherwise the packed path's edge tiles add
     * partial sums to C).
     */
    static void unpacked(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        unpacked(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, false);
    }

    /**
     * {@link #unpacked}; with {@code skipZeros} (a product of one row in all: {@code Gemm.skinny}'s, never a
     * batch's last row or a thread's share of rows) a lone row skips the rows of B that face a zero ({@link #terms}).
     */
    static void unpacked(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                         float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean skipZeros) {
        int aRow = transA ? 1 : lda, aCol = transA ? lda : 1; // op(A)(i, p) = a[aOff + i*aRow + p*aCol]
        int ub = n / L * L;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * aRow, c0 = cOff + i * ldc;
            for (int j = 0; j < ub; j += L) rows4(a, a0, aRow, aCol, b, bOff + j, ldb, k, alpha, beta, c, c0 + j, ldc);
        }
        int tiled = i; // rows of the four-row tiles; the rest are lone rows
        for (; i < m; i++) {
            int ai = aOff + i * aRow, ci = cOff + i * ldc;
            Scratch t = SCRATCH.get();
            // a product of one row skips the rows of B that face a zero of A (see terms)
            int count = terms(t, a, ai, aCol, k, alpha, ldb, skipZeros && m == 1);
            float[] scales = t.scales;
            int[] rows = t.rows;
            int j = 0;
            // a lone row (batch-1 inference): sixteen column vectors at once with 32 vector registers (AVX-512),
            // then four; each row of B is then read 1 KB at a time, which L2 serves 1.6x faster than 256 bytes
            // (W1's 784 x 512 weights from L2: 25.3 -> 17.1 us); one fma chain per column either way
            if (L >= 16) for (; j + 16 * L <= ub; j += 16 * L) row16(scales, rows, count, b, bOff + j, beta, c, ci + j);
            for (; j + 4 * L <= ub; j += 4 * L) row4(scales, rows, count, b, bOff + j, beta, c, ci + j);
            for (; j < ub; j += L) {
                FloatVector acc = beta == 0f ? FloatVector.zero(S) : FloatVector.fromArray(S, c, ci + j).mul(beta);
                for (int q = 0; q < count; q++)
                    acc = FloatVector.broadcast(S, scales[q]).fma(FloatVector.fromArray(S, b, bOff + rows[q] + j), acc);
                acc.intoArray(c, ci + j);
            }
            // the columns past the last whole vector, over the same terms
            for (j = ub; j < n; j++) {
                float acc = beta == 0f ? 0f : beta * c[ci + j];
                for (int q = 0; q < count; q++) acc = Math.fma(scales[q], b[bOff + rows[q] + j], acc);
                c[ci + j] = acc;
            }
        }
        // the four-row tiles' columns past the last whole vector
        if (ub < n) for (int r = 0; r < tiled; r++) {
            int ai = aOff + r * aRow, ci = cOff + r * ldc;
            for (int j = ub; j < n; j++) {
                float acc = beta == 0f ? 0f : beta * c[ci + j];
                for (int p = 0; p < k; p++) acc = Math.fma(alpha * a[ai + p * aCol], b[bOff + p * ldb + j], acc);
                c[ci + j] = acc;
            }
        }
    }

    /**
     * Lists one row of op(A)'s terms in the calling thread's scratch {@code t}: {@code scales[q] = alpha * A(i, p)} and
     * {@code rows[q] = p * ldb} (where row p of B starts), in order of p, and returns how many. With
     * {@code skipZeros}, terms whose scale is zero are left out. A term of zero adds nothing to an fma chain
     * (acc + 0 * b == acc for every finite b, so each column's sum has the same bits), yet its row of B has to be
     * read: a batch-1 product is bound by reading B, and the inputs it meets are sparse (an MNIST image is 81%
     * background, a ReLU layer's output about half zeros), so W1's 784 x 512 weights shrink to a fifth of the
     * reads. Only a one-row product skips: in a batch, a row of B is read for every row of A anyway. The one
     * difference is a non-finite weight facing a zero: 0 * inf is NaN in the full sum, skipped here.
     */
    private static int terms(Scratch t, float[] a, int ai, int aCol, int k, float alpha, int ldb, boolean skipZeros) {
        if (t.scales.length < k) {
            t.scales = new float[k];
            t.rows = new int[k];
        }
        float[] scales = t.scales;
        int[] rows = t.rows;
        int count = 0;
        for (int p = 0; p < k; p++) {
            float scale = alpha * a[ai + p * aCol];
            if (skipZeros && scale == 0f) continue;
            scales[count] = scale;
            rows[count++] = p * ldb;
        }
        return count;
    }

    /**
     * Fewer rows than a tile and fewer columns than a vector, B not transposed (a classifier's 10 scores for one
     * example): each row of C is one vector, the sum over k of alpha * op(A)(i, p) times row p of B, in four fma
     * chains (steps p mod 4, added as (0 + 1) + (2 + 3)). A row of B is read as a whole vector from where it
     * starts, its lanes past n taking the next row's floats, which are dropped; rows whose vector would run past
     * the array's end are added after, one float at a time. The packed path packed B into a 48-wide sliver, zero
     * padded, and computed an 8-row tile for one row: 23 us of a batch-1 convnet's 82 for 1 x 10 x 1600.
     */
    static void fewRowsNarrow(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda, aCol = transA ? lda : 1;
        int room = b.length - L - bOff; // row p's vector fits while p * ldb <= room
        int vectorRows = room < 0 ? 0 : (int) Math.min(k, (long) room / ldb + 1);
        float[] sums = new float[L];
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRow;
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            int p = 0;
            for (; p + 4 <= vectorRows; p += 4) {
                int bp = bOff + p * ldb, ap = ai + p * aCol;
                s0 = FloatVector.broadcast(S, alpha * a[ap]).fma(FloatVector.fromArray(S, b, bp), s0);
                s1 = FloatVector.broadcast(S, alpha * a[ap + aCol]).fma(FloatVector.fromArray(S, b, bp + ldb), s1);
                s2 = FloatVector.broadcast(S, alpha * a[ap + 2 * aCol]).fma(FloatVector.fromArray(S, b, bp + 2 * ldb), s2);
                s3 = FloatVector.broadcast(S, alpha * a[ap + 3 * aCol]).fma(FloatVector.fromArray(S, b, bp + 3 * ldb), s3);
            }
            for (; p < vectorRows; p++) {
                s0 = FloatVector.broadcast(S, alpha * a[ai + p * aCol]).fma(FloatVector.fromArray(S, b, bOff + p * ldb), s0);
            }
            s0.add(s1).add(s2.add(s3)).intoArray(sums, 0);
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float acc = sums[j];
                for (int q = p; q < k; q++) acc = Math.fma(alpha * a[ai + q * aCol], b[bOff + q * ldb + j], acc);
                c[ci + j] = beta == 0f ? acc : acc + beta * c[ci + j];
            }
        }
    }

    /**
     * C narrower than a vector with A's rows contiguous in k (a classifier's 10 scores for a batch): each C(i, j) is
     * the dot product of A's row i and op(B)'s column j, taken a vector of k at a time, so every lane does useful
     * work and nothing of A is transposed. Computed as C^T = op(B)^T A^T instead, A (128 x 512 at batch 128) was
     * packed by a scalar transpose to make 10-row tiles: W1's 128 x 10 x 512 took 58 us on one core.
     *
     * <p>Each element's order is fixed: lane q sums k steps q, q + L, ... (in two chains, even and odd vectors, for
     * a column outside a group of four), the lanes are then added in lane order, the k steps past
     * the last whole vector are added one by one, then alpha and beta are applied. Nothing depends on which rows a
     * thread takes, so the bits do not depend on the thread count.
     */
    static void narrowDot(boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                          float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        // op(B)'s columns as rows of k floats: B itself when stored transposed, else a copy (n x k, small: n < L)
        float[] bt = b;
        int btOff = bOff, ldbt = ldb;
        if (!transB) {
            Scratch scratch = SCRATCH.get();
            bt = scratch.columns = atLeast(scratch.columns, n * k);
            btOff = 0;
            ldbt = k;
            // written row by row: written column by column, the n stores of each step fell k floats apart and
            // the copy took 13 us for 512 x 10
            for (int j = 0; j < n; j++) {
                int bj = bOff + j, tj = j * k;
                for (int p = 0; p < k; p++) bt[tj + p] = b[bj + p * ldb];
            }
        }
        float[] t = bt;
        int tOff = btOff, ldt = ldbt;
        int pairs = (m + 1) / 2;
        Parallel.RangeBody rows = (lo, hi) -> narrowDotRows(2 * lo, Math.min(m, 2 * hi), n, k, alpha, a, aOff, lda,
                t, tOff, ldt, beta, c, cOff, ldc);
        if ((long) m * n * k >= Gemm.PARALLEL_FLOPS) Parallel.forRange(pairs, 2L * n * k, rows);
        else rows.run(0, pairs);
    }

    /** Rows of {@link #narrowDot} whose lanes are kept before they are added: 32 rows of 15 columns are 30 KB. */
    private static final int DOT_BLOCK = 32;

    /**
     * Rows [i0, i1) of {@link #narrowDot}, in blocks of {@link #DOT_BLOCK} rows: the kernels store each element's
     * lanes, then the block's lanes are added. Added right after their vector store, the lanes were read while the
     * store was still in flight, which a scalar load of part of a 64-byte store cannot take from the store buffer:
     * 128 x 10 x 512 ran 48 us that way.
     */
    private static void narrowDotRows(int i0, int i1, int n, int k, float alpha, float[] a, int aOff, int lda,
                                      float[] bt, int btOff, int ldbt, float beta, float[] c, int cOff, int ldc) {
        int kv = k / L * L, row = n * L;
        Scratch scratch = SCRATCH.get();
        float[] lanes = scratch.lanes = atLeast(scratch.lanes, DOT_BLOCK * row);
        for (int ib = i0; ib < i1; ib += DOT_BLOCK) {
            int ie = Math.min(i1, ib + DOT_BLOCK);
            for (int i = ib; i < ie; i += 2) {
                boolean two = i + 1 < ie;
                int a0 = aOff + i * lda, o0 = (i - ib) * row;
                int j = 0;
                for (; j + 4 <= n; j += 4) {
                    int bj = btOff + j * ldbt;
                    if (two) dot2x4(a, a0, a0 + lda, bt, bj, ldbt, kv, lanes, o0 + j * L, o0 + row + j * L);
                    else dot1x4(a, a0, bt, bj, ldbt, kv, lanes, o0 + j * L);
                }
                for (; j < n; j++) {
                    dot1x1(a, a0, bt, btOff + j * ldbt, kv, lanes, o0 + j * L);
                    if (two) dot1x1(a, a0 + lda, bt, btOff + j * ldbt, kv, lanes, o0 + row + j * L);
                }
            }
            for (int i = ib; i < ie; i++) {
                int ai = aOff + i * lda, ci = cOff + i * ldc, o = (i - ib) * row;
                for (int j = 0; j < n; j++) {
                    int bj = btOff + j * ldbt, at = o + j * L;
                    float sum = lanes[at];
                    for (int q = 1; q < L; q++) sum += lanes[at + q];
                    for (int p = kv; p < k; p++) sum = Math.fma(a[ai + p], bt[bj + p], sum);
                    sum *= alpha;
                    c[ci + j] = beta == 0f ? sum : sum + beta * c[ci + j];
                }
            }
        }
    }

    /** Two rows of A against four rows of B^T, one fma chain per pair; row 0's lanes at o0, row 1's at o1. */
    private static void dot2x4(float[] a, int a0, int a1, float[] b, int bj, int ldb, int kv, float[] lanes, int o0, int o1) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int b1 = bj + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p), x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector y = FloatVector.fromArray(S, b, bj + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
        }
        s00.intoArray(lanes, o0);
        s01.intoArray(lanes, o0 + L);
        s02.intoArray(lanes, o0 + 2 * L);
        s03.intoArray(lanes, o0 + 3 * L);
        s10.intoArray(lanes, o1);
        s11.intoArray(lanes, o1 + L);
        s12.intoArray(lanes, o1 + 2 * L);
        s13.intoArray(lanes, o1 + 3 * L);
    }

    /** {@link #dot2x4} for a lone last row: the same chains, so the same bits for its elements. */
    private static void dot1x4(float[] a, int a0, float[] b, int bj, int ldb, int kv, float[] lanes, int o) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int b1 = bj + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        for (int p = 0; p < kv; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s0 = x.fma(FloatVector.fromArray(S, b, bj + p), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        s0.intoArray(lanes, o);
        s1.intoArray(lanes, o + L);
        s2.intoArray(lanes, o + 2 * L);
        s3.intoArray(lanes, o + 3 * L);
    }

    /** One row of A against one row of B^T in two chains (even and odd vectors of k), added lane by lane. */
    private static void dot1x1(float[] a, int ai, float[] b, int bj, int kv, float[] lanes, int o) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        int p = 0;
        for (; p + 2 * L <= kv; p += 2 * L) {
            s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s0);
            s1 = FloatVector.fromArray(S, a, ai + p + L).fma(FloatVector.fromArray(S, b, bj + p + L), s1);
        }
        if (p < kv) s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s0);
        s0.add(s1).intoArray(lanes, o);
    }

    /** One row of C, four vectors of columns at cj: four independent fma chains over the listed terms ({@link #terms}), one scale broadcast per term. */
    private static void row4(float[] scales, int[] rows, int count, float[] b, int bj, float beta, float[] c, int cj) {
        FloatVector c0, c1, c2, c3;
        if (beta == 0f) {
            c0 = FloatVector.zero(S); c1 = c0; c2 = c0; c3 = c0;
        } else {
            c0 = FloatVector.fromArray(S, c, cj).mul(beta);
            c1 = FloatVector.fromArray(S, c, cj + L).mul(beta);
            c2 = FloatVector.fromArray(S, c, cj + 2 * L).mul(beta);
            c3 = FloatVector.fromArray(S, c, cj + 3 * L).mul(beta);
        }
        for (int q = 0; q < count; q++) {
            FloatVector av = FloatVector.broadcast(S, scales[q]);
            int bp = bj + rows[q];
            c0 = av.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = av.fma(FloatVector.fromArray(S, b, bp + L), c1);
            c2 = av.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
            c3 = av.fma(FloatVector.fromArray(S, b, bp + 3 * L), c3);
        }
        c0.intoArray(c, cj);
        c1.intoArray(c, cj + L);
        c2.intoArray(c, cj + 2 * L);
        c3.intoArray(c, cj + 3 * L);
    }

    /**
     * One row of C, sixteen vectors of columns at cj (16 accumulators: only with 32 vector registers). It is
     * {@link #row4} written out four times as wide, on purpose: accumulators kept in an array or a loop over
     * them is what JDK 17's C2 leaves boxed, and with AVX2's 16 registers this kernel would spill, so row4 stays
     * for those cores and for the columns past the last sixteen vectors.
     */
    private static void row16(float[] scales, int[] rows, int count, float[] b, int bj, float beta, float[] c, int cj) {
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15;
        if (beta == 0f) {
            c0 = FloatVector.zero(S); c1 = c0; c2 = c0; c3 = c0; c4 = c0; c5 = c0; c6 = c0; c7 = c0;
            c8 = c0; c9 = c0; c10 = c0; c11 = c0; c12 = c0; c13 = c0; c14 = c0; c15 = c0;
        } else {
            c0 = FloatVector.fromArray(S, c, cj).mul(beta);
            c1 = FloatVector.fromArray(S, c, cj + L).mul(beta);
            c2 = FloatVector.fromArray(S, c, cj + 2 * L).mul(beta);
            c3 = FloatVector.fromArray(S, c, cj + 3 * L).mul(beta);
            c4 = FloatVector.fromArray(S, c, cj + 4 * L).mul(beta);
            c5 = FloatVector.fromArray(S, c, cj + 5 * L).mul(beta);
            c6 = FloatVector.fromArray(S, c, cj + 6 * L).mul(beta);
            c7 = FloatVector.fromArray(S, c, cj + 7 * L).mul(beta);
            c8 = FloatVector.fromArray(S, c, cj + 8 * L).mul(beta);
            c9 = FloatVector.fromArray(S, c, cj + 9 * L).mul(beta);
            c10 = FloatVector.fromArray(S, c, cj + 10 * L).mul(beta);
            c11 = FloatVector.fromArray(S, c, cj + 11 * L).mul(beta);
            c12 = FloatVector.fromArray(S, c, cj + 12 * L).mul(beta);
            c13 = FloatVector.fromArray(S, c, cj + 13 * L).mul(beta);
            c14 = FloatVector.fromArray(S, c, cj + 14 * L).mul(beta);
            c15 = FloatVector.fromArray(S, c, cj + 15 * L).mul(beta);
        }
        for (int q = 0; q < count; q++) {
            FloatVector av = FloatVector.broadcast(S, scales[q]);
            int bp = bj + rows[q];
            c0 = av.fma(FloatVector.fromArray(S, b, bp), c0);
            c1 = av.fma(FloatVector.fromArray(S, b, bp + L), c1);
            c2 = av.fma(FloatVector.fromArray(S, b, bp + 2 * L), c2);
            c3 = av.fma(FloatVector.fromArray(S, b, bp + 3 * L), c3);
            c4 = av.fma(FloatVector.fromArray(S, b, bp + 4 * L), c4);
            c5 = av.fma(FloatVector.fromArray(S, b, bp + 5 * L), c5);
            c6 = av.fma(FloatVector.fromArray(S, b, bp + 6 * L), c6);
            c7 = av.fma(FloatVector.fromArray(S, b, bp + 7 * L), c7);
            c8 = av.fma(FloatVector.fromArray(S, b, bp + 8 * L), c8);
            c9 = av.fma(FloatVector.fromArray(S, b, bp + 9 * L), c9);
            c10 = av.fma(FloatVector.fromArray(S, b, bp + 10 * L), c10);
            c11 = av.fma(FloatVector.fromArray(S, b, bp + 11 * L), c11);
            c12 = av.fma(FloatVector.fromArray(S, b, bp + 12 * L), c12);
            c13 = av.fma(FloatVector.fromArray(S, b, bp + 13 * L), c13);
            c14 = av.fma(FloatVector.fromArray(S, b, bp + 14 * L), c14);
            c15 = av.fma(FloatVector.fromArray(S, b, bp + 15 * L), c15);
        }
        c0.intoArray(c, cj);
        c1.intoArray(c, cj + L);
        c2.intoArray(c, cj + 2 * L);
        c3.intoArray(c, cj + 3 * L);
        c4.intoArray(c, cj + 4 * L);
        c5.intoArray(c, cj + 5 * L);
        c6.intoArray(c, cj + 6 * L);
        c7.intoArray(c, cj + 7 * L);
        c8.intoArray(c, cj + 8 * L);
        c9.intoArray(c, cj + 9 * L);
        c10.intoArray(c, cj + 10 * L);
        c11.intoArray(c, cj + 11 * L);
        c12.intoArray(c, cj + 12 * L);
        c13.intoArray(c, cj + 13 * L);
        c14.intoArray(c, cj + 14 * L);
        c15.intoArray(c, cj + 15 * L);
    }

    /** Rows i..i+3 of C, one vector of columns at cj: four independent fma chains over k. */
    private static void rows4(float[] a, int ai, int aRow, int aCol, float[] b, int bj, int ldb, int k,
                              float alpha, float beta, float[] c, int cj, int ldc) {
        FloatVector c0, c1, c2, c3;
        if (beta == 0f) {
            c0 = FloatVector.zero(S); c1 = c0; c2 = c0; c3 = c0;
        } else {
            c0 = FloatVector.fromArray(S, c, cj).mul(beta);
            c1 = FloatVector.fromArray(S, c, cj + ldc).mul(beta);
            c2 = FloatVector.fromArray(S, c, cj + 2 * ldc).mul(beta);
            c3 = FloatVector.fromArray(S, c, cj + 3 * ldc).mul(beta);
        }
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bj + p * ldb);
            int ap = ai + p * aCol;
            c0 = FloatVector.broadcast(S, alpha * a[ap]).fma(bv, c0);
            c1 = FloatVector.broadcast(S, alpha * a[ap + aRow]).fma(bv, c1);
            c2 = FloatVector.broadcast(S, alpha * a[ap + 2 * aRow]).fma(bv, c2);
            c3 = FloatVector.broadcast(S, alpha * a[ap + 3 * aRow]).fma(bv, c3);
        }
        c0.intoArray(c, cj);
        c1.intoArray(c, cj + ldc);
        c2.intoArray(c, cj + 2 * ldc);
        c3.intoArray(c, cj + 3 * ldc);
    }

    /** C[rows x cols at ci] = tile + beta * C, where beta == 0 ignores C's old contents. */
    private static void merge(float[] tile, int mr, int nr, float[] c, int ci, int ldc, float beta) {
        for (int r = 0; r < mr; r++) {
            int t = r * NR, o = ci + r * ldc;
            if (beta == 0f) {
                System.arraycopy(tile, t, c, o, nr);
            } else if (beta == 1f) {
                for (int j = 0; j < nr; j++) c[o + j] += tile[t + j];
            } else {
                for (int j = 0; j < nr; j++) c[o + j] = tile[t + j] + beta * c[o + j];
            }
        }
    }

    /** C[rows x cols at ci] *= beta before the first k block; beta == 0 writes zeros (NaN-safe). */
    private static void scale(float[] c, int ci, int ldc, int rows, int cols, float beta) {
        for (int r = 0; r < rows; r++) {
            int o = ci + r * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, o, o + cols, 0f);
            } else {
                for (int j = 0; j < cols; j++) c[o + j] *= beta;
            }
        }
    }

    /** pa[s*MR*kc + p*MR + r] = alpha * op(A)[ic + s*MR + r, pc + p], zero beyond mc rows. */
    static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                      float alpha, float[] pa) {
        for (int s = 0; s < mc; s += MR) {
            int rows = Math.min(MR, mc - s);
            int base = s * kc;
            if (!transA && rows == MR && alpha == 1f) {
                // a whole sliver: k outer, so the stores run in order (8 rows read as 8 streams);
                // r outer wrote every 8th float and took ~9% of an n=1024 product
                int s0 = aOff + (ic + s) * lda + pc;
                int s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda, s4 = s3 + lda, s5 = s4 + lda, s6 = s5 + lda, s7 = s6 + lda;
                for (int p = 0; p < kc; p++) {
                    int o = base + p * MR;
                    pa[o] = a[s0 + p];
                    pa[o + 1] = a[s1 + p];
                    pa[o + 2] = a[s2 + p];
                    pa[o + 3] = a[s3 + p];
                    pa[o + 4] = a[s4 + p];
                    pa[o + 5] = a[s5 + p];
                    pa[o + 6] = a[s6 + p];
                    pa[o + 7] = a[s7 + p];
                }
            } else if (!transA) {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (ic + s + r) * lda + pc;
                    int dst = base + r;
                    if (alpha == 1f) {
                        for (int p = 0; p < kc; p++) pa[dst + p * MR] = a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) pa[dst + p * MR] = alpha * a[src + p];
                    }
                }
            } else if (rows == MR && alpha == 1f) {
                // A stored transposed: a sliver's 8 values at each p lie side by side, one copy each. The
                // general loop below, with its multiply, took 8% of W4's kernel gradient X^T dZ (128 x 256 x 12800)
                for (int p = 0; p < kc; p++) System.arraycopy(a, aOff + (pc + p) * lda + ic + s, pa, base + p * MR, MR);
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

    /** pb[pbOff + t*kc + p*NR + j] = op(B)[pc + p, jc + t + j] for slivers t = 0, NR, ..., zero beyond nc columns. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] pb, int pbOff) {
        for (int t = 0; t < nc; t += NR) {
            int cols = Math.min(NR, nc - t);
            int base = pbOff + t * kc;
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

    /*
     * Micro-kernels: MR rows x 1, 2 or 3 vectors of C held in registers; the accumulators start
     * from the tile at src (C itself, or zeros) and are stored into C (beta is applied to the tile beforehand). They are kept small on
     * purpose: a first version (zero-initialised accumulators and three store variants for beta,
     * 1887 bytes of bytecode) made C1's tier-3 (profiling) compile bail out with "out of virtual
     * registers in linear scan" on JDK 17; when C2's queue was busy and the method had first been
     * compiled at tier 2, it then stayed in tier-2 code for good, with boxed vectors: 1-2 GFLOP/s
     * instead of ~90. Do not grow them. Their k loop steps the B offset as its own counter, the A offset
     * following it: recomputed from p at every step, the compiled kernel3 loop took 63 instructions for
     * its 24 FMAs, 58 now (C2 still keeps two of the loads' range checks inside the loop).
     */

    /** MR x 3 vectors of C at ci (row stride ldc) += A-sliver * first 3 vectors of each B-sliver row, over kc steps. */
    private static void kernel3(float[] ap, int ai, float[] bp, int bi, int kc, float[] src, int si, int sld,
                                float[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = ci + 1 * ldc;
        int r2 = ci + 2 * ldc;
        int r3 = ci + 3 * ldc;
        int r4 = ci + 4 * ldc;
        int r5 = ci + 5 * ldc;
        int r6 = ci + 6 * ldc;
        int r7 = ci + 7 * ldc;
        int s0 = si;
        int s1 = si + 1 * sld;
        int s2 = si + 2 * sld;
        int s3 = si + 3 * sld;
        int s4 = si + 4 * sld;
        int s5 = si + 5 * sld;
        int s6 = si + 6 * sld;
        int s7 = si + 7 * sld;
        FloatVector c00 = FloatVector.fromArray(S, src, s0), c01 = FloatVector.fromArray(S, src, s0 + 1 * L), c02 = FloatVector.fromArray(S, src, s0 + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, src, s1), c11 = FloatVector.fromArray(S, src, s1 + 1 * L), c12 = FloatVector.fromArray(S, src, s1 + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, src, s2), c21 = FloatVector.fromArray(S, src, s2 + 1 * L), c22 = FloatVector.fromArray(S, src, s2 + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, src, s3), c31 = FloatVector.fromArray(S, src, s3 + 1 * L), c32 = FloatVector.fromArray(S, src, s3 + 2 * L);
        FloatVector c40 = FloatVector.fromArray(S, src, s4), c41 = FloatVector.fromArray(S, src, s4 + 1 * L), c42 = FloatVector.fromArray(S, src, s4 + 2 * L);
        FloatVector c50 = FloatVector.fromArray(S, src, s5), c51 = FloatVector.fromArray(S, src, s5 + 1 * L), c52 = FloatVector.fromArray(S, src, s5 + 2 * L);
        FloatVector c60 = FloatVector.fromArray(S, src, s6), c61 = FloatVector.fromArray(S, src, s6 + 1 * L), c62 = FloatVector.fromArray(S, src, s6 + 2 * L);
        FloatVector c70 = FloatVector.fromArray(S, src, s7), c71 = FloatVector.fromArray(S, src, s7 + 1 * L), c72 = FloatVector.fromArray(S, src, s7 + 2 * L);
        for (int bo = bi, ao = ai, bEnd = bi + kc * NR; bo < bEnd; bo += NR, ao += MR) {
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
        c00.intoArray(c, r0); c01.intoArray(c, r0 + 1 * L); c02.intoArray(c, r0 + 2 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + 1 * L); c12.intoArray(c, r1 + 2 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + 1 * L); c22.intoArray(c, r2 + 2 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + 1 * L); c32.intoArray(c, r3 + 2 * L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + 1 * L); c42.intoArray(c, r4 + 2 * L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + 1 * L); c52.intoArray(c, r5 + 2 * L);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + 1 * L); c62.intoArray(c, r6 + 2 * L);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + 1 * L); c72.intoArray(c, r7 + 2 * L);
    }

    /** MR x 2 vectors of C at ci (row stride ldc) += A-sliver * first 2 vectors of each B-sliver row, over kc steps. */
    private static void kernel2(float[] ap, int ai, float[] bp, int bi, int kc, float[] src, int si, int sld,
                                float[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = ci + 1 * ldc;
        int r2 = ci + 2 * ldc;
        int r3 = ci + 3 * ldc;
        int r4 = ci + 4 * ldc;
        int r5 = ci + 5 * ldc;
        int r6 = ci + 6 * ldc;
        int r7 = ci + 7 * ldc;
        int s0 = si;
        int s1 = si + 1 * sld;
        int s2 = si + 2 * sld;
        int s3 = si + 3 * sld;
        int s4 = si + 4 * sld;
        int s5 = si + 5 * sld;
        int s6 = si + 6 * sld;
        int s7 = si + 7 * sld;
        FloatVector c00 = FloatVector.fromArray(S, src, s0), c01 = FloatVector.fromArray(S, src, s0 + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, src, s1), c11 = FloatVector.fromArray(S, src, s1 + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, src, s2), c21 = FloatVector.fromArray(S, src, s2 + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, src, s3), c31 = FloatVector.fromArray(S, src, s3 + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, src, s4), c41 = FloatVector.fromArray(S, src, s4 + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, src, s5), c51 = FloatVector.fromArray(S, src, s5 + 1 * L);
        FloatVector c60 = FloatVector.fromArray(S, src, s6), c61 = FloatVector.fromArray(S, src, s6 + 1 * L);
        FloatVector c70 = FloatVector.fromArray(S, src, s7), c71 = FloatVector.fromArray(S, src, s7 + 1 * L);
        for (int bo = bi, ao = ai, bEnd = bi + kc * NR; bo < bEnd; bo += NR, ao += MR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo), b1 = FloatVector.fromArray(S, bp, bo + 1 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ao + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + 1 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + 1 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + 1 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + 1 * L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + 1 * L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + 1 * L);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + 1 * L);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + 1 * L);
    }

    /** MR x 1 vectors of C at ci (row stride ldc) += A-sliver * first 1 vectors of each B-sliver row, over kc steps. */
    private static void kernel1(float[] ap, int ai, float[] bp, int bi, int kc, float[] src, int si, int sld,
                                float[] c, int ci, int ldc) {
        int r0 = ci;
        int r1 = ci + 1 * ldc;
        int r2 = ci + 2 * ldc;
        int r3 = ci + 3 * ldc;
        int r4 = ci + 4 * ldc;
        int r5 = ci + 5 * ldc;
        int r6 = ci + 6 * ldc;
        int r7 = ci + 7 * ldc;
        int s0 = si;
        int s1 = si + 1 * sld;
        int s2 = si + 2 * sld;
        int s3 = si + 3 * sld;
        int s4 = si + 4 * sld;
        int s5 = si + 5 * sld;
        int s6 = si + 6 * sld;
        int s7 = si + 7 * sld;
        FloatVector c00 = FloatVector.fromArray(S, src, s0);
        FloatVector c10 = FloatVector.fromArray(S, src, s1);
        FloatVector c20 = FloatVector.fromArray(S, src, s2);
        FloatVector c30 = FloatVector.fromArray(S, src, s3);
        FloatVector c40 = FloatVector.fromArray(S, src, s4);
        FloatVector c50 = FloatVector.fromArray(S, src, s5);
        FloatVector c60 = FloatVector.fromArray(S, src, s6);
        FloatVector c70 = FloatVector.fromArray(S, src, s7);
        for (int bo = bi, ao = ai, bEnd = bi + kc * NR; bo < bEnd; bo += NR, ao += MR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector a0 = FloatVector.broadcast(S, ap[ao + 0]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = a5.fma(b0, c50);
            FloatVector a6 = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = a6.fma(b0, c60);
            FloatVector a7 = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = a7.fma(b0, c70);
        }
        c00.intoArray(c, r0);
        c10.intoArray(c, r1);
        c20.intoArray(c, r2);
        c30.intoArray(c, r3);
        c40.intoArray(c, r4);
        c50.intoArray(c, r5);
        c60.intoArray(c, r6);
        c70.intoArray(c, r7);
    }


    /**
     * At most 8 vectors wide, or B not transposed with few rows of C ({@code m <= 4 MR}; Gemm.sgemm
     * decides): op(A) and B are read in place, with no packing (a transposed B is first copied into rows of
     * op(B)). With n <= NR the packed path packs every element of A for a single use (attention's P·V, 200 x
     * 32 x 200, packed 40,000 floats for 1.3 M multiply-adds), and up to 8 vectors for at most three; with
     * few rows it packs B for a handful of uses. MR x 1-3 vector tiles
     * as the packed kernels; rows past the last whole tile go to {@link #unpacked}, columns past the last whole vector to a vector kernel over a zero-padded copy of
     * B's tail. alpha != 1 is folded into a scaled copy of the smaller of op(A) and B (the kernels have
     * no spare port for a multiply per broadcast: 93 against 155 GFLOP/s), so every element is
     * {@code fma(alpha * a, b, ...)} or {@code fma(a, alpha * b, ...)} in k order, from zero (beta == 0) or beta * C (tail columns: from zero,
     * then added to beta * C). Its kernels repeat the packed ones with A's and B's strides as arguments; the
     * packed path run through them instead of its constant-stride kernels fell from 129-137 to 104-109
     * GFLOP/s at n = 1024 on one thread, so both sets stay. They come in two forms, op(A) stored by rows
     * ({@code inPlace1-3}: A's index steps by 1 along k) and transposed ({@code inPlace1T-3T}: the tile's MR
     * rows are MR adjacent floats), instead of one form taking both strides as arguments: with a stride
     * known only at run time, C2 kept a range check on each of the eight reads of A per step of k; a unit
     * step lets it hoist them out of the loop, and constant offsets let it check the eight as one. The
     * same bits; one thread, alternating in one JVM: P·V 200 x 32 x 200 19.1 -> 14.6 us, its scaled twin
     * (attention's dQ) 22.1 -> 17.8, 6400 x 32 x 32 (W5's Dense layers) 113 -> 94, transposed 32 x 200 x
     * 200 (dV) 20.2 -> 15.9 and 32 x 32 x 6400 (a kernel's gradient) 96.7 -> 63.3.
     */
    static void inPlace(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                        float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, boolean split) {
        if (transB) {
            // op(B) = Bᵀ copied once into rows (k x n), as much copying as the packed path's packing of it, and
            // blocked (a column-by-column copy took 650 us instead of 90 at 32 x 512 x 256)
            Scratch scratch = SCRATCH.get();
            float[] rows = scratch.rowsOfB = atLeast(scratch.rowsOfB, k * n);
            Permute.transpose2d(b, bOff, ldb, n, k, rows);
            b = rows;
            bOff = 0;
            ldb = n;
        }
        if (alpha != 1f) {
            // into a copy of the smaller operand: attention's dK (32 x 200 x 200) scaled its 40,000-float B
            // where A has 6,400. A product with B transposed scales A, as the packed path did before this one
            // took it (attention's logits keep their bits)
            boolean scaleA = transB || (long) m * k < (long) k * n;
            int size = scaleA ? m * k : k * n;
            Scratch scratch = SCRATCH.get();
            float[] scaled = scratch.scaled = atLeast(scratch.scaled, size);
            if (scaleA) {
                // op(A) keeps its stored layout: m x k, or k x m when transposed, rows now packed
                int rows = transA ? k : m, cols = transA ? m : k;
                for (int r = 0; r < rows; r++) {
                    int src = aOff + r * lda, dst = r * cols;
                    for (int j = 0; j < cols; j++) scaled[dst + j] = alpha * a[src + j];
                }
                a = scaled;
                aOff = 0;
                lda = cols;
            } else {
                for (int p = 0; p < k; p++) {
                    int src = bOff + p * ldb, dst = p * n;
                    for (int j = 0; j < n; j++) scaled[dst + j] = alpha * b[src + j];
                }
                b = scaled;
                bOff = 0;
                ldb = n;
            }
        }
        float[] bb = b;
        int bo = bOff, lb = ldb;
        // the columns past the last whole vector, zero-padded to one vector (k x L): one vector kernel per
        // tile instead of scalar code (8 of attention's 200 columns took half the product's time)
        int whole = n / L * L;
        float[] tail = null;
        if (whole < n) {
            Scratch scratch = SCRATCH.get();
            tail = scratch.tail = atLeast(scratch.tail, k * L);
            for (int p = 0; p < k; p++) {
                int src = bOff + p * ldb + whole, dst = p * L;
                for (int j = 0; j < L; j++) tail[dst + j] = j < n - whole ? b[src + j] : 0f;
            }
        }
        float[] tb = tail, aa = a;
        int ao = aOff, la = lda;
        int tiles = m / MR;
        if (split && tiles >= 2) {
            Parallel.forChunks(tiles, Math.min(Parallel.threads(), tiles), (lo, hi) ->
                    inPlaceRows(transA, lo * MR, hi * MR, n, k, aa, ao, la, bb, bo, lb, tb, beta, c, cOff, ldc));
        } else {
            inPlaceRows(transA, 0, tiles * MR, n, k, aa, ao, la, bb, bo, lb, tb, beta, c, cOff, ldc);
        }
        int aRow = transA ? 1 : la;
        if (tiles * MR < m) {
            int i0 = tiles * MR;
            unpacked(transA, m - i0, n, k, 1f, aa, ao + i0 * aRow, la, bb, bo, lb, beta, c, cOff + i0 * ldc, ldc);
        }
    }

    /** Rows [i0, i1) of C, a whole number of MR tiles, for {@link #inPlace} (alpha already in B). */
    private static void inPlaceRows(boolean transA, int i0, int i1, int n, int k, float[] a, int aOff, int lda,
                                    float[] b, int bOff, int ldb, float[] tail, float beta, float[] c, int cOff, int ldc) {
        float[] tile = BUFFERS.get().tile;
        int aRow = transA ? 1 : lda;
        int whole = n / L * L;
        for (int i = i0; i < i1; i += MR) {
            int ai = aOff + i * aRow, crow = cOff + i * ldc;
            for (int j = 0; j < whole; j += NR) {
                int nv = Math.min(NR, whole - j) / L;
                int ci = crow + j;
                float[] src = c;
                int si = ci, sld = ldc;
                if (beta == 0f) {
                    src = ZERO;
                    si = 0;
                    sld = NR;
                } else if (beta != 1f) {
                    scale(c, ci, ldc, MR, nv * L, beta);
                }
                if (transA) {
                    if (nv == 3) inPlace3T(a, ai, lda, b, bOff + j, ldb, k, src, si, sld, c, ci, ldc);
                    else if (nv == 2) inPlace2T(a, ai, lda, b, bOff + j, ldb, k, src, si, sld, c, ci, ldc);
                    else inPlace1T(a, ai, lda, b, bOff + j, ldb, k, src, si, sld, c, ci, ldc);
                } else if (nv == 3) inPlace3(a, ai, lda, b, bOff + j, ldb, k, src, si, sld, c, ci, ldc);
                else if (nv == 2) inPlace2(a, ai, lda, b, bOff + j, ldb, k, src, si, sld, c, ci, ldc);
                else inPlace1(a, ai, lda, b, bOff + j, ldb, k, src, si, sld, c, ci, ldc);
            }
            if (tail != null) {
                // the padded tail: into a scratch tile, then merged (tile + beta * C), as the packed path's edges
                if (transA) inPlace1T(a, ai, lda, tail, 0, L, k, ZERO, 0, NR, tile, 0, NR);
                else inPlace1(a, ai, lda, tail, 0, L, k, ZERO, 0, NR, tile, 0, NR);
                merge(tile, MR, n - whole, c, crow + whole, ldc, beta);
            }
        }
    }

    /** MR x 3 vector(s) of C at ci = the tile at src + op(A) rows at ai (aRow apart; op(A) stored by rows) times B rows at bi (stride ldb), over k steps; A and B read in place. */
    private static void inPlace3(float[] a, int ai, int aRow, float[] b, int bi, int ldb, int k,
                                  float[] src, int si, int sld, float[] c, int ci, int ldc) {
        int o1 = aRow, o2 = 2 * aRow, o3 = 3 * aRow, o4 = 4 * aRow, o5 = 5 * aRow, o6 = 6 * aRow, o7 = 7 * aRow;
        FloatVector c00 = FloatVector.fromArray(S, src, si + 0 * sld), c01 = FloatVector.fromArray(S, src, si + 0 * sld + 1 * L), c02 = FloatVector.fromArray(S, src, si + 0 * sld + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, src, si + 1 * sld), c11 = FloatVector.fromArray(S, src, si + 1 * sld + 1 * L), c12 = FloatVector.fromArray(S, src, si + 1 * sld + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, src, si + 2 * sld), c21 = FloatVector.fromArray(S, src, si + 2 * sld + 1 * L), c22 = FloatVector.fromArray(S, src, si + 2 * sld + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, src, si + 3 * sld), c31 = FloatVector.fromArray(S, src, si + 3 * sld + 1 * L), c32 = FloatVector.fromArray(S, src, si + 3 * sld + 2 * L);
        FloatVector c40 = FloatVector.fromArray(S, src, si + 4 * sld), c41 = FloatVector.fromArray(S, src, si + 4 * sld + 1 * L), c42 = FloatVector.fromArray(S, src, si + 4 * sld + 2 * L);
        FloatVector c50 = FloatVector.fromArray(S, src, si + 5 * sld), c51 = FloatVector.fromArray(S, src, si + 5 * sld + 1 * L), c52 = FloatVector.fromArray(S, src, si + 5 * sld + 2 * L);
        FloatVector c60 = FloatVector.fromArray(S, src, si + 6 * sld), c61 = FloatVector.fromArray(S, src, si + 6 * sld + 1 * L), c62 = FloatVector.fromArray(S, src, si + 6 * sld + 2 * L);
        FloatVector c70 = FloatVector.fromArray(S, src, si + 7 * sld), c71 = FloatVector.fromArray(S, src, si + 7 * sld + 1 * L), c72 = FloatVector.fromArray(S, src, si + 7 * sld + 2 * L);
        for (int p = 0; p < k; p++) {
            int bo = bi + p * ldb, ao = ai + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + 1 * L), b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + o1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + o2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + o3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(S, a[ao + o4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(S, a[ao + o5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52);
            FloatVector a6 = FloatVector.broadcast(S, a[ao + o6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61); c62 = a6.fma(b2, c62);
            FloatVector a7 = FloatVector.broadcast(S, a[ao + o7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71); c72 = a7.fma(b2, c72);
        }
        c00.intoArray(c, ci + 0 * ldc); c01.intoArray(c, ci + 0 * ldc + 1 * L); c02.intoArray(c, ci + 0 * ldc + 2 * L);
        c10.intoArray(c, ci + 1 * ldc); c11.intoArray(c, ci + 1 * ldc + 1 * L); c12.intoArray(c, ci + 1 * ldc + 2 * L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + 1 * L); c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + 1 * L); c32.intoArray(c, ci + 3 * ldc + 2 * L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + 1 * L); c42.intoArray(c, ci + 4 * ldc + 2 * L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + 1 * L); c52.intoArray(c, ci + 5 * ldc + 2 * L);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + 1 * L); c62.intoArray(c, ci + 6 * ldc + 2 * L);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + 1 * L); c72.intoArray(c, ci + 7 * ldc + 2 * L);
    }

    /** {@link #inPlace3} for a transposed op(A): its column p at ai + p·aCol, the MR rows of a tile side by side. */
    private static void inPlace3T(float[] a, int ai, int aCol, float[] b, int bi, int ldb, int k,
                                  float[] src, int si, int sld, float[] c, int ci, int ldc) {
        int o1 = 1, o2 = 2, o3 = 3, o4 = 4, o5 = 5, o6 = 6, o7 = 7; // constants: one range check covers the eight reads
        FloatVector c00 = FloatVector.fromArray(S, src, si + 0 * sld), c01 = FloatVector.fromArray(S, src, si + 0 * sld + 1 * L), c02 = FloatVector.fromArray(S, src, si + 0 * sld + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, src, si + 1 * sld), c11 = FloatVector.fromArray(S, src, si + 1 * sld + 1 * L), c12 = FloatVector.fromArray(S, src, si + 1 * sld + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, src, si + 2 * sld), c21 = FloatVector.fromArray(S, src, si + 2 * sld + 1 * L), c22 = FloatVector.fromArray(S, src, si + 2 * sld + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, src, si + 3 * sld), c31 = FloatVector.fromArray(S, src, si + 3 * sld + 1 * L), c32 = FloatVector.fromArray(S, src, si + 3 * sld + 2 * L);
        FloatVector c40 = FloatVector.fromArray(S, src, si + 4 * sld), c41 = FloatVector.fromArray(S, src, si + 4 * sld + 1 * L), c42 = FloatVector.fromArray(S, src, si + 4 * sld + 2 * L);
        FloatVector c50 = FloatVector.fromArray(S, src, si + 5 * sld), c51 = FloatVector.fromArray(S, src, si + 5 * sld + 1 * L), c52 = FloatVector.fromArray(S, src, si + 5 * sld + 2 * L);
        FloatVector c60 = FloatVector.fromArray(S, src, si + 6 * sld), c61 = FloatVector.fromArray(S, src, si + 6 * sld + 1 * L), c62 = FloatVector.fromArray(S, src, si + 6 * sld + 2 * L);
        FloatVector c70 = FloatVector.fromArray(S, src, si + 7 * sld), c71 = FloatVector.fromArray(S, src, si + 7 * sld + 1 * L), c72 = FloatVector.fromArray(S, src, si + 7 * sld + 2 * L);
        for (int p = 0; p < k; p++) {
            int bo = bi + p * ldb, ao = ai + p * aCol;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + 1 * L), b2 = FloatVector.fromArray(S, b, bo + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + o1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + o2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + o3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32);
            FloatVector a4 = FloatVector.broadcast(S, a[ao + o4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42);
            FloatVector a5 = FloatVector.broadcast(S, a[ao + o5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52);
            FloatVector a6 = FloatVector.broadcast(S, a[ao + o6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61); c62 = a6.fma(b2, c62);
            FloatVector a7 = FloatVector.broadcast(S, a[ao + o7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71); c72 = a7.fma(b2, c72);
        }
        c00.intoArray(c, ci + 0 * ldc); c01.intoArray(c, ci + 0 * ldc + 1 * L); c02.intoArray(c, ci + 0 * ldc + 2 * L);
        c10.intoArray(c, ci + 1 * ldc); c11.intoArray(c, ci + 1 * ldc + 1 * L); c12.intoArray(c, ci + 1 * ldc + 2 * L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + 1 * L); c22.intoArray(c, ci + 2 * ldc + 2 * L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + 1 * L); c32.intoArray(c, ci + 3 * ldc + 2 * L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + 1 * L); c42.intoArray(c, ci + 4 * ldc + 2 * L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + 1 * L); c52.intoArray(c, ci + 5 * ldc + 2 * L);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + 1 * L); c62.intoArray(c, ci + 6 * ldc + 2 * L);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + 1 * L); c72.intoArray(c, ci + 7 * ldc + 2 * L);
    }

    /** MR x 2 vector(s) of C at ci = the tile at src + op(A) rows at ai (aRow apart; op(A) stored by rows) times B rows at bi (stride ldb), over k steps; A and B read in place. */
    private static void inPlace2(float[] a, int ai, int aRow, float[] b, int bi, int ldb, int k,
                                  float[] src, int si, int sld, float[] c, int ci, int ldc) {
        int o1 = aRow, o2 = 2 * aRow, o3 = 3 * aRow, o4 = 4 * aRow, o5 = 5 * aRow, o6 = 6 * aRow, o7 = 7 * aRow;
        FloatVector c00 = FloatVector.fromArray(S, src, si + 0 * sld), c01 = FloatVector.fromArray(S, src, si + 0 * sld + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, src, si + 1 * sld), c11 = FloatVector.fromArray(S, src, si + 1 * sld + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, src, si + 2 * sld), c21 = FloatVector.fromArray(S, src, si + 2 * sld + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, src, si + 3 * sld), c31 = FloatVector.fromArray(S, src, si + 3 * sld + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, src, si + 4 * sld), c41 = FloatVector.fromArray(S, src, si + 4 * sld + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, src, si + 5 * sld), c51 = FloatVector.fromArray(S, src, si + 5 * sld + 1 * L);
        FloatVector c60 = FloatVector.fromArray(S, src, si + 6 * sld), c61 = FloatVector.fromArray(S, src, si + 6 * sld + 1 * L);
        FloatVector c70 = FloatVector.fromArray(S, src, si + 7 * sld), c71 = FloatVector.fromArray(S, src, si + 7 * sld + 1 * L);
        for (int p = 0; p < k; p++) {
            int bo = bi + p * ldb, ao = ai + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + 1 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + o1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + o2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + o3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ao + o4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ao + o5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ao + o6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ao + o7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, ci + 0 * ldc); c01.intoArray(c, ci + 0 * ldc + 1 * L);
        c10.intoArray(c, ci + 1 * ldc); c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + 1 * L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + 1 * L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + 1 * L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + 1 * L);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + 1 * L);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + 1 * L);
    }

    /** {@link #inPlace2} for a transposed op(A): its column p at ai + p·aCol, the MR rows of a tile side by side. */
    private static void inPlace2T(float[] a, int ai, int aCol, float[] b, int bi, int ldb, int k,
                                  float[] src, int si, int sld, float[] c, int ci, int ldc) {
        int o1 = 1, o2 = 2, o3 = 3, o4 = 4, o5 = 5, o6 = 6, o7 = 7; // constants: one range check covers the eight reads
        FloatVector c00 = FloatVector.fromArray(S, src, si + 0 * sld), c01 = FloatVector.fromArray(S, src, si + 0 * sld + 1 * L);
        FloatVector c10 = FloatVector.fromArray(S, src, si + 1 * sld), c11 = FloatVector.fromArray(S, src, si + 1 * sld + 1 * L);
        FloatVector c20 = FloatVector.fromArray(S, src, si + 2 * sld), c21 = FloatVector.fromArray(S, src, si + 2 * sld + 1 * L);
        FloatVector c30 = FloatVector.fromArray(S, src, si + 3 * sld), c31 = FloatVector.fromArray(S, src, si + 3 * sld + 1 * L);
        FloatVector c40 = FloatVector.fromArray(S, src, si + 4 * sld), c41 = FloatVector.fromArray(S, src, si + 4 * sld + 1 * L);
        FloatVector c50 = FloatVector.fromArray(S, src, si + 5 * sld), c51 = FloatVector.fromArray(S, src, si + 5 * sld + 1 * L);
        FloatVector c60 = FloatVector.fromArray(S, src, si + 6 * sld), c61 = FloatVector.fromArray(S, src, si + 6 * sld + 1 * L);
        FloatVector c70 = FloatVector.fromArray(S, src, si + 7 * sld), c71 = FloatVector.fromArray(S, src, si + 7 * sld + 1 * L);
        for (int p = 0; p < k; p++) {
            int bo = bi + p * ldb, ao = ai + p * aCol;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + 1 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + o1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + o2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + o3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ao + o4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ao + o5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ao + o6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ao + o7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
        }
        c00.intoArray(c, ci + 0 * ldc); c01.intoArray(c, ci + 0 * ldc + 1 * L);
        c10.intoArray(c, ci + 1 * ldc); c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + 1 * L);
        c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + 1 * L);
        c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + 1 * L);
        c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + 1 * L);
        c60.intoArray(c, ci + 6 * ldc); c61.intoArray(c, ci + 6 * ldc + 1 * L);
        c70.intoArray(c, ci + 7 * ldc); c71.intoArray(c, ci + 7 * ldc + 1 * L);
    }

    /** MR x 1 vector(s) of C at ci = the tile at src + op(A) rows at ai (aRow apart; op(A) stored by rows) times B rows at bi (stride ldb), over k steps; A and B read in place. */
    private static void inPlace1(float[] a, int ai, int aRow, float[] b, int bi, int ldb, int k,
                                  float[] src, int si, int sld, float[] c, int ci, int ldc) {
        int o1 = aRow, o2 = 2 * aRow, o3 = 3 * aRow, o4 = 4 * aRow, o5 = 5 * aRow, o6 = 6 * aRow, o7 = 7 * aRow;
        FloatVector c00 = FloatVector.fromArray(S, src, si + 0 * sld);
        FloatVector c10 = FloatVector.fromArray(S, src, si + 1 * sld);
        FloatVector c20 = FloatVector.fromArray(S, src, si + 2 * sld);
        FloatVector c30 = FloatVector.fromArray(S, src, si + 3 * sld);
        FloatVector c40 = FloatVector.fromArray(S, src, si + 4 * sld);
        FloatVector c50 = FloatVector.fromArray(S, src, si + 5 * sld);
        FloatVector c60 = FloatVector.fromArray(S, src, si + 6 * sld);
        FloatVector c70 = FloatVector.fromArray(S, src, si + 7 * sld);
        for (int p = 0; p < k; p++) {
            int bo = bi + p * ldb, ao = ai + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + o1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + o2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + o3]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(S, a[ao + o4]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(S, a[ao + o5]);
            c50 = a5.fma(b0, c50);
            FloatVector a6 = FloatVector.broadcast(S, a[ao + o6]);
            c60 = a6.fma(b0, c60);
            FloatVector a7 = FloatVector.broadcast(S, a[ao + o7]);
            c70 = a7.fma(b0, c70);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c10.intoArray(c, ci + 1 * ldc);
        c20.intoArray(c, ci + 2 * ldc);
        c30.intoArray(c, ci + 3 * ldc);
        c40.intoArray(c, ci + 4 * ldc);
        c50.intoArray(c, ci + 5 * ldc);
        c60.intoArray(c, ci + 6 * ldc);
        c70.intoArray(c, ci + 7 * ldc);
    }

    /** {@link #inPlace1} for a transposed op(A): its column p at ai + p·aCol, the MR rows of a tile side by side. */
    private static void inPlace1T(float[] a, int ai, int aCol, float[] b, int bi, int ldb, int k,
                                  float[] src, int si, int sld, float[] c, int ci, int ldc) {
        int o1 = 1, o2 = 2, o3 = 3, o4 = 4, o5 = 5, o6 = 6, o7 = 7; // constants: one range check covers the eight reads
        FloatVector c00 = FloatVector.fromArray(S, src, si + 0 * sld);
        FloatVector c10 = FloatVector.fromArray(S, src, si + 1 * sld);
        FloatVector c20 = FloatVector.fromArray(S, src, si + 2 * sld);
        FloatVector c30 = FloatVector.fromArray(S, src, si + 3 * sld);
        FloatVector c40 = FloatVector.fromArray(S, src, si + 4 * sld);
        FloatVector c50 = FloatVector.fromArray(S, src, si + 5 * sld);
        FloatVector c60 = FloatVector.fromArray(S, src, si + 6 * sld);
        FloatVector c70 = FloatVector.fromArray(S, src, si + 7 * sld);
        for (int p = 0; p < k; p++) {
            int bo = bi + p * ldb, ao = ai + p * aCol;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + o1]);
            c10 = a1.fma(b0, c10);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + o2]);
            c20 = a2.fma(b0, c20);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + o3]);
            c30 = a3.fma(b0, c30);
            FloatVector a4 = FloatVector.broadcast(S, a[ao + o4]);
            c40 = a4.fma(b0, c40);
            FloatVector a5 = FloatVector.broadcast(S, a[ao + o5]);
            c50 = a5.fma(b0, c50);
            FloatVector a6 = FloatVector.broadcast(S, a[ao + o6]);
            c60 = a6.fma(b0, c60);
            FloatVector a7 = FloatVector.broadcast(S, a[ao + o7]);
            c70 = a7.fma(b0, c70);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c10.intoArray(c, ci + 1 * ldc);
        c20.intoArray(c, ci + 2 * ldc);
        c30.intoArray(c, ci + 3 * ldc);
        c40.intoArray(c, ci + 4 * ldc);
        c50.intoArray(c, ci + 5 * ldc);
        c60.intoArray(c, ci + 6 * ldc);
        c70.intoArray(c, ci + 7 * ldc);
    }
}
