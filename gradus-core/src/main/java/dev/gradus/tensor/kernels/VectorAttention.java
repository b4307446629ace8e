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

    /** Scratch for {@link #softmaxRow}: two vectors' worth of zeros, one array per thread, reused row after row. */
    static float[] newScratch() {
        return new float[2 * S.length()];
    }

    /**
     * The softmax of one row in place, as {@link Softmax#row}: shifted by the row's maximum (0 when
     * infinite), {@link VectorMath#expShifted} summed in double, then each exponential times the
     * reciprocal of the sum rounded to float. That last product is the one difference from
     * Softmax's, which multiplies in double: within an ulp, and its scalar loop and scalar maximum
     * were two thirds of the softmax's time on attention's 200-wide rows. {@code scratch} is
     * {@link #newScratch}'s: with the running sums and the tail in arrays made here, the exponentials'
     * method held calls (allocation, arraycopy), and C2 kept none of its sixteen constant vectors in a
     * register across them; it reloaded each from the stack at every step (read with hsdis). Without the
     * calls they stay in registers: 224-225 -> 200-207 ns per 200-wide row (three JVMs each), the same bits.
     */
    static void softmaxRow(float[] x, int from, int n, float[] scratch) {
        int L = S.length(), ub = n / L * L, j = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (ub > 0) {
            FloatVector mv = FloatVector.fromArray(S, x, from);
            for (j = L; j < ub; j += L) mv = mv.max(FloatVector.fromArray(S, x, from + j));
            mv.intoArray(scratch, L); // the tail's half: the running sum's half stays zero between rows
            for (int q = L; q < 2 * L; q++) m = Math.max(m, scratch[q]);
        }
        for (; j < n; j++) m = Math.max(m, x[from + j]);
        float shift = Float.isInfinite(m) ? 0 : m;
        float inv = (float) (1 / expShifted(x, from, n, shift, scratch));
        for (j = 0; j < ub; j += L) FloatVector.fromArray(S, x, from + j).mul(inv).intoArray(x, from + j);
        for (; j < n; j++) x[from + j] *= inv;
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
     * directly or first through Softmax (two JVMs each; the same bits). It makes no call: the running sum is {@code scratch[0, L)}
     * and the zero-padded tail {@code scratch[L, 2L)}, both from the caller.
     */
    private static double expShifted(float[] x, int from, int n, float shift, float[] scratch) {
        int L = S.length(), ub = from + n / L * L, end = from + n;
        // the running sum lives in memory, not in a register (see VectorMath.laneSum), in scratch[0, L), which
        // is zero on entry: newScratch makes it so, and laneSum zeroes what it sums
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
                    FloatVector.fromArray(S, scratch, 0).add(e).intoArray(scratch, 0);
                    if (++sinceFlush == 64) {
                        sum += VectorMath.laneSum(scratch, L);
                        sinceFlush = 0;
                    }
                }
            }
            if (src != x || ub == end) break;
            for (int q = 0; q < L; q++) scratch[L + q] = ub + q < end ? x[ub + q] : 0f;
            src = scratch;
            at = L;
            stop = 2 * L;
        }
        sum += VectorMath.laneSum(scratch, L);
        // VectorMath.exp's bits, added one by one as its scalar loop did
        for (int q = 0; q < end - ub; q++) {
            x[ub + q] = scratch[L + q];
            sum += scratch[L + q];
        }
        return sum;
    }

    private static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    /** {@code dp[j] = p[j] · (dp[j] − Σ p·dp)} over the {@code n} elements of one row. */
    static void softmaxGrad(float[] p, int pFrom, float[] dp, int dFrom, int n) {
        int L = S.length(), ub = n / L * L, j = 0;
        float[] lanes = new float[L]; // the running sum, in memory as in expShifted
        double dot = 0;
        for (int sinceFlush = 0; j < ub; j += L) {
            FloatVector.fromArray(S, p, pFrom + j).fma(FloatVector.fromArray(S, dp, dFrom + j), FloatVector.fromArray(S, lanes, 0))
                    .intoArray(lanes, 0);
            // into double now and then, so that long rows keep double-sum accuracy
            if (++sinceFlush == 64) {
                dot += VectorMath.laneSum(lanes);
                sinceFlush = 0;
            }
        }
        dot += VectorMath.laneSum(lanes);
        for (; j < n; j++) dot += p[pFrom + j] * dp[dFrom + j];
        float r = (float) dot;
        j = 0;
        for (; j < ub; j += L) {
            FloatVector d = FloatVector.fromArray(S, dp, dFrom + j).sub(r);
            FloatVector.fromArray(S, p, pFrom + j).mul(d).intoArray(dp, dFrom + j);
        }
        for (; j < n; j++) dp[dFrom + j] = p[pFrom + j] * (dp[dFrom + j] - r);
    }
}
