package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
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

    /** Scratch for {@link #softmaxRows}: four vectors' worth of zeros, one array per thread, reused row after row. */
    static float[] newScratch() {
        return new float[4 * S.length()];
    }

    /**
     * The softmax of each of {@code count} rows of {@code n} floats in place, the rows {@code n} apart from
     * {@code from}, as {@link Softmax#row}: shifted by the row's maximum (0 when infinite), {@link
     * VectorMath#expShifted} summed in double, then each exponential times the reciprocal of the sum rounded
     * to float. That last product is the one difference from Softmax's, which multiplies in double: within
     * an ulp, and its scalar loop and scalar maximum were two thirds of the softmax's time on attention's
     * 200-wide rows. {@code scratch} is {@link #newScratch}'s: with the running sums and the tail in arrays
     * made here, the exponentials' method held calls (allocation, arraycopy), and C2 kept none of its sixteen
     * constant vectors in a register across them; it reloaded each from the stack at every step (read with
     * hsdis). Without the calls they stay in registers: 224-225 -> 200-207 ns per 200-wide row.
     *
     * <p>Rows go two at a time. A row's scalar steps (the maximum of its lanes, the sum of its lanes and
     * tail in double, the division) form one chain of dependent operations, longer than its vector work on a
     * 200-wide row; two rows' chains interleaved run side by side. Each row's operations and their order are
     * those of a row alone, so the bits do not change.
     */
    static void softmaxRows(float[] x, int from, int count, int n, float[] scratch) {
        for (int r = 0; r < count; r += 2) {
            int a = from + r * n;
            softmaxPair(x, a, r + 1 < count ? a + n : -1, n, scratch);
        }
    }

    /** Rows at {@code a} and {@code b} (b < 0: row a alone); scratch holds row a's sums and tail in [0, 2L), b's in [2L, 4L). */
    private static void softmaxPair(float[] x, int a, int b, int n, float[] scratch) {
        int L = S.length(), ub = n / L * L, j;
        boolean two = b >= 0;
        float ma = Float.NEGATIVE_INFINITY, mb = Float.NEGATIVE_INFINITY;
        if (ub > 0) {
            FloatVector va = FloatVector.fromArray(S, x, a);
            for (j = L; j < ub; j += L) va = va.max(FloatVector.fromArray(S, x, a + j));
            va.intoArray(scratch, L); // the tail's half: the running sum's half stays zero between rows
            if (two) {
                FloatVector vb = FloatVector.fromArray(S, x, b);
                for (j = L; j < ub; j += L) vb = vb.max(FloatVector.fromArray(S, x, b + j));
                vb.intoArray(scratch, 3 * L);
            }
            for (int q = L; q < 2 * L; q++) {
                ma = Math.max(ma, scratch[q]);
                if (two) mb = Math.max(mb, scratch[2 * L + q]);
            }
        }
        for (j = ub; j < n; j++) {
            ma = Math.max(ma, x[a + j]);
            if (two) mb = Math.max(mb, x[b + j]);
        }
        double sa = expShifted(x, a, n, Float.isInfinite(ma) ? 0 : ma, scratch, 0);
        double sb = two ? expShifted(x, b, n, Float.isInfinite(mb) ? 0 : mb, scratch, 2 * L) : 0;
        // each row's last lane sums, then its tail's exponentials one by one, in order (VectorMath's bits); the
        // lane sums are VectorMath.laneSum's loop for both rows at once, so that the two chains interleave
        double la = 0, lb = 0;
        for (int q = 0; q < L; q++) {
            la += scratch[q];
            scratch[q] = 0f;
            if (two) {
                lb += scratch[2 * L + q];
                scratch[2 * L + q] = 0f;
            }
        }
        sa += la;
        sb += lb;
        for (int q = 0; q < n - ub; q++) {
            x[a + ub + q] = scratch[L + q];
            sa += scratch[L + q];
            if (two) {
                x[b + ub + q] = scratch[3 * L + q];
                sb += scratch[3 * L + q];
            }
        }
        float ia = (float) (1 / sa), ib = (float) (1 / sb);
        for (j = 0; j < ub; j += L) FloatVector.fromArray(S, x, a + j).mul(ia).intoArray(x, a + j);
        for (; j < n; j++) x[a + j] *= ia;
        if (!two) return;
        for (j = 0; j < ub; j += L) FloatVector.fromArray(S, x, b + j).mul(ib).intoArray(x, b + j);
        for (; j < n; j++) x[b + j] *= ib;
    }

    /**
     * {@link VectorMath#expShifted} in place, operation for operation (the same bits), with
     * {@link VectorMath#exp(FloatVector)}'s body written into the loop. Called through VectorMath,
     * the loop ran at half speed in a JVM whose first attention call came from MultiHeadAttention
     * (64 blocks of 200 rows: 5.5 ms when the kernel was warmed directly, 11 ms after one layer
     * call; 7.5 ms written out here): C2's inlining of the shared exp depended on what had run before.
     * Rechecked after the running sums moved to memory: softmaxRow calling VectorMath.expShifted ran
     * MultiHeadAttention inference (a plain loop, one thread) at 24.5 against 12.3 ms, and with this loop
     * moved into VectorMath as the one expShifted for both callers, 2 JVMs in 5 ran at ~18 ms against
     * 12.1-12.5 here; so the copy stays. Rechecked once the loop made no call: with VectorMath.exp called
     * from it, a 200-wide row took 204-212 ns against 195-201 with the copy (one run of four: 234), warmed
     * directly or first through Softmax (two JVMs each; the same bits). It makes no call: the running sum is
     * {@code scratch[base, base + L)}, zero on entry, and the zero-padded tail {@code scratch[base + L, base +
     * 2L)}, both from the caller. Returns the sums flushed into double so far (rows over 64 vectors); the
     * caller adds the lanes left in the running sum, then the tail's exponentials, left in the scratch.
     */
    private static double expShifted(float[] x, int from, int n, float shift, float[] scratch, int base) {
        int L = S.length(), ub = from + n / L * L, end = from + n;
        double sum = 0;
        int sinceFlush = 0;
        // the whole vectors in place, then the row's last partial vector through the same body on a
        // zero-padded copy (a scalar exp per element took about as long as the whole vectors of a 200-wide row)
        float[] src = x;
        int at = from, stop = ub;
        while (true) {
            for (; at < stop; at += L) {
                FloatVector e = FloatVector.fromArray(S, src, at).sub(shift).max(-110f).min(89f);
                FloatVector t = e.mul(LOG2E).add(ROUND), nn = t.sub(ROUND);
                IntVector kk = t.reinterpretAsInts().sub(ROUND_BITS);
                FloatVector r = nn.fma(FloatVector.broadcast(S, -LN2_HI), e);
                r = nn.fma(FloatVector.broadcast(S, -LN2_LO), r);
                FloatVector poly = r.fma(1f / 5040, 1f / 720);
                poly = poly.fma(r, FloatVector.broadcast(S, 1f / 120));
                poly = poly.fma(r, FloatVector.broadcast(S, 1f / 24));
                poly = poly.fma(r, FloatVector.broadcast(S, 1f / 6));
                poly = poly.fma(r, FloatVector.broadcast(S, 0.5f));
                poly = poly.fma(r, FloatVector.broadcast(S, 1f));
                poly = poly.fma(r, FloatVector.broadcast(S, 1f));
                IntVector k1 = kk.lanewise(VectorOperators.ASHR, 1), k2 = kk.sub(k1);
                FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                e = poly.mul(s1).mul(s2);
                e.intoArray(src, at);
                if (src == x) {
                    FloatVector.fromArray(S, scratch, base).add(e).intoArray(scratch, base);
                    if (++sinceFlush == 64) {
                        sum += VectorMath.laneSum(scratch, base, L);
                        sinceFlush = 0;
                    }
                }
            }
            if (src != x || ub == end) break;
            for (int q = 0; q < L; q++) scratch[base + L + q] = ub + q < end ? x[ub + q] : 0f;
            src = scratch;
            at = base + L;
            stop = base + 2 * L;
        }
        return sum;
    }

    private static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    /**
     * {@code dp[j] = p[j] · (dp[j] − Σ p·dp)} over each of {@code count} rows of {@code n} elements, the
     * rows {@code n} apart in both arrays. Two rows at a time, as {@link #softmaxRows}: each row's dot product
     * is summed in lanes (in memory, flushed into double every 64 vectors), then its lanes and its tail in
     * double, in order; the two rows' chains interleave, each row's operations as for a row alone (the same
     * bits). {@code scratch} is {@link #newScratch}'s, its first two vectors zero between rows.
     */
    static void softmaxGradRows(float[] p, int pFrom, float[] dp, int dFrom, int count, int n, float[] scratch) {
        for (int r = 0; r < count; r += 2) {
            boolean two = r + 1 < count;
            int pa = pFrom + r * n, da = dFrom + r * n;
            softmaxGradPair(p, pa, dp, da, two ? pa + n : -1, two ? da + n : -1, n, scratch);
        }
    }

    /** Rows (pa, da) and (pb, db) (pb < 0: the first alone); their lanes in scratch [0, L) and [L, 2L). */
    private static void softmaxGradPair(float[] p, int pa, float[] dp, int da, int pb, int db, int n, float[] scratch) {
        int L = S.length();
        boolean two = pb >= 0;
        double dotA = dotLanes(p, pa, dp, da, n, scratch, 0), dotB = two ? dotLanes(p, pb, dp, db, n, scratch, L) : 0;
        // VectorMath.laneSum's loop for both rows at once, so that the two chains interleave
        double la = 0, lb = 0;
        for (int q = 0; q < L; q++) {
            la += scratch[q];
            scratch[q] = 0f;
            if (two) {
                lb += scratch[L + q];
                scratch[L + q] = 0f;
            }
        }
        dotA += la;
        dotB += lb;
        int ub = n / L * L;
        for (int j = ub; j < n; j++) {
            dotA += p[pa + j] * dp[da + j];
            if (two) dotB += p[pb + j] * dp[db + j];
        }
        scaleByShifted(p, pa, dp, da, n, (float) dotA);
        if (two) scaleByShifted(p, pb, dp, db, n, (float) dotB);
    }

    /** Σ p·dp over the row's whole vectors into the lanes at {@code scratch[base, base + L)} (zero on entry); returns the sums flushed into double. */
    private static double dotLanes(float[] p, int pFrom, float[] dp, int dFrom, int n, float[] scratch, int base) {
        int L = S.length(), ub = n / L * L;
        double dot = 0;
        for (int j = 0, sinceFlush = 0; j < ub; j += L) {
            FloatVector.fromArray(S, p, pFrom + j).fma(FloatVector.fromArray(S, dp, dFrom + j), FloatVector.fromArray(S, scratch, base))
                    .intoArray(scratch, base);
            // into double now and then, so that long rows keep double-sum accuracy
            if (++sinceFlush == 64) {
                dot += VectorMath.laneSum(scratch, base, L);
                sinceFlush = 0;
            }
        }
        return dot;
    }

    /** {@code dp[j] = p[j] · (dp[j] − r)} over one row. */
    private static void scaleByShifted(float[] p, int pFrom, float[] dp, int dFrom, int n, float r) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector d = FloatVector.fromArray(S, dp, dFrom + j).sub(r);
            FloatVector.fromArray(S, p, pFrom + j).mul(d).intoArray(dp, dFrom + j);
        }
        for (; j < n; j++) dp[dFrom + j] = p[pFrom + j] * (dp[dFrom + j] - r);
    }
}
