package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise loops on the Vector API. {@code exp} (and sigmoid, softmax through it) is computed here
 * with lanewise arithmetic only: range reduction and a polynomial, within 2 ulp of {@code Math.exp},
 * about as fast as the library call and bit-identical whether the loop runs interpreted or compiled.
 * The Vector API's own math operators ({@code VectorOperators.EXP}, {@code LOG}, {@code TANH}, ...)
 * are not used: they call a short-vector library once C2 has compiled the loop, and
 * {@code Math}-based code before, which differ in the last bit, so the same run gave different
 * numbers depending on when the JIT got there (issue #18). For the same reason lane sums are taken
 * in lane order rather than with {@code reduceLanes(ADD)}, whose order is unspecified. tanh has a
 * lanewise form too, for the recurrent kernels' gates ({@link VectorGates}); the elementwise ops' TANH
 * and the other transcendental functions run on the scalar loops ({@code Math}, whose intrinsics the
 * interpreter shares). Loaded only when {@link VectorSupport#enabled()}.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {}

    static boolean supports(Unary op) {
        switch (op) {
            case EXP: case SIGMOID: case RELU: case STEP:
                return true;
            default:
                return false;
        }
    }

    /** {@code out[i] = op(in[i])} for {@code i} in {@code [lo, hi)}; the tail runs on the scalar loop. */
    static void map(Unary op, float[] in, float[] out, int lo, int hi, float p) {
        int L = S.length(), i = lo, ub = lo + (hi - lo) / L * L;
        switch (op) {
            case EXP: for (; i < ub; i += L) exp(v(in, i)).intoArray(out, i); break;
            case SIGMOID:
                // 1 / (1 + e^-x): e^-x overflowing to inf gives exactly 0, so no NaN at either end
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; i < ub; i += L) one.div(exp(v(in, i).neg()).add(1f)).intoArray(out, i);
                break;
            // ReLU and its gradient mask: a select per element, where the scalar loops branch on random signs
            case RELU: for (; i < ub; i += L) v(in, i).max(0f).intoArray(out, i); break; // max keeps NaN, maps -0 to 0
            case STEP:
                FloatVector ones = FloatVector.broadcast(S, 1f), zeros = FloatVector.zero(S);
                for (; i < ub; i += L) zeros.blend(ones, v(in, i).compare(VectorOperators.GT, p)).intoArray(out, i);
                break;
            default:
                throw new IllegalArgumentException("VectorMath: no vector loop for " + op);
        }
        if (i < hi) {
            if (op == Unary.EXP || op == Unary.SIGMOID) { // the tail with the same formula, lane by lane
                for (; i < hi; i++) out[i] = op == Unary.EXP ? exp(in[i]) : 1f / (exp(-in[i]) + 1f);
            } else {
                op.applyScalar(in, out, i, hi, p, 0);
            }
        }
    }

    private static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** Adding and subtracting 1.5 * 2^23 rounds a float of magnitude below 2^22 to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    /**
     * e^x in every lane: x clamped to [-110, 89] (beyond, the float result is 0 or infinity anyway),
     * x = n ln 2 + r with |r| <= ln 2 / 2 (Cody-Waite, two constants), e^r by its Taylor polynomial
     * to degree 7 (truncation below 2^-27 relative), then times 2^n as two exact powers of two so that
     * neither overflows before the result does and subnormal results round once. NaN stays NaN.
     * Only IEEE lanewise operations: the same bits interpreted and compiled.
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(-110f).min(89f);
        FloatVector t = x.mul(LOG2E).add(ROUND), n = t.sub(ROUND);
        // n's integer sits in t's low mantissa bits, offset by ROUND's: no float-to-int conversion needed
        IntVector k = t.reinterpretAsInts().sub(ROUND_BITS);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector poly = r.fma(1f / 5040, 1f / 720);
        poly = poly.fma(r, FloatVector.broadcast(S, 1f / 120));
        poly = poly.fma(r, FloatVector.broadcast(S, 1f / 24));
        poly = poly.fma(r, FloatVector.broadcast(S, 1f / 6));
        poly = poly.fma(r, FloatVector.broadcast(S, 0.5f));
        poly = poly.fma(r, FloatVector.broadcast(S, 1f));
        poly = poly.fma(r, FloatVector.broadcast(S, 1f));
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1), k2 = k.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return poly.mul(s1).mul(s2);
    }

    /** {@link #exp(FloatVector)} for one value, operation for operation, for the tails of the vector loops. */
    static float exp(float x) {
        x = Math.min(Math.max(x, -110f), 89f);
        float n = x * LOG2E + ROUND - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float poly = Math.fma(r, 1f / 5040, 1f / 720);
        poly = Math.fma(poly, r, 1f / 120);
        poly = Math.fma(poly, r, 1f / 24);
        poly = Math.fma(poly, r, 1f / 6);
        poly = Math.fma(poly, r, 0.5f);
        poly = Math.fma(poly, r, 1f);
        poly = Math.fma(poly, r, 1f);
        int k = (int) n, k1 = k >> 1, k2 = k - k1;
        return poly * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k2 + 127) << 23);
    }

    /** Below this magnitude tanh takes its odd Taylor polynomial, above it {@code (1 - e^-2|x|) / (1 + e^-2|x|)}. */
    private static final float TANH_SMALL = 0.4f;
    // tanh's Taylor coefficients from x^3 to x^15: -1/3, 2/15, -17/315, 62/2835, -1382/155925, 21844/6081075, -929569/638512875
    private static final float T3 = -1f / 3, T5 = 2f / 15, T7 = -17f / 315, T9 = 62f / 2835, T11 = -1382f / 155925,
            T13 = 21844f / 6081075, T15 = -929569f / 638512875;

    /**
     * tanh in every lane, within a few ulp, with lanewise arithmetic only (the same bits interpreted and
     * compiled, see the class comment): below 0.4 in magnitude the odd Taylor polynomial to x^15
     * (truncation under 1e-8 relative there), above it {@code (1 - e) / (1 + e)} with
     * {@code e = exp(-2|x|)} from {@link #exp(FloatVector)} (at most 0.45 there, so the subtraction
     * loses nothing) and x's sign. NaN stays NaN (it takes the polynomial), ±inf gives ±1, -0 gives -0.
     * The recurrent kernels need it: {@code Math.tanh}, the scalar loop's, costs 20-40 ns a call.
     */
    static FloatVector tanh(FloatVector x) {
        return tanhFromExp(x, exp(x.abs().mul(-2f)));
    }

    /**
     * {@link #tanh(FloatVector)} given its {@code e = exp(-2|x|)}: the same operations, so the same bits.
     * Split out so that a loop can take the exp in a pass of its own: JDK 17's C2 stops inlining a
     * method's calls once its graph passes a node budget, and one loop body holding both halves of a
     * tanh passed it (the exp was left as a call on boxed vectors).
     */
    static FloatVector tanhFromExp(FloatVector x, FloatVector e) {
        // both branches on |x|, x's sign put back at the end: tanh is odd, and -0 stays -0
        FloatVector ax = x.abs(), x2 = x.mul(x);
        FloatVector p = x2.fma(T15, T13);
        p = p.fma(x2, FloatVector.broadcast(S, T11));
        p = p.fma(x2, FloatVector.broadcast(S, T9));
        p = p.fma(x2, FloatVector.broadcast(S, T7));
        p = p.fma(x2, FloatVector.broadcast(S, T5));
        p = p.fma(x2, FloatVector.broadcast(S, T3));
        FloatVector small = ax.mul(x2).fma(p, ax);
        FloatVector large = FloatVector.broadcast(S, 1f).sub(e).div(e.add(1f));
        IntVector sign = x.reinterpretAsInts().and(0x80000000);
        return small.blend(large, ax.compare(VectorOperators.GE, TANH_SMALL)).reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    /** {@link #tanh(FloatVector)} for one value, operation for operation, for the tails of the vector loops. */
    static float tanh(float x) {
        float ax = Math.abs(x), magnitude;
        if (!(ax >= TANH_SMALL)) {
            float x2 = x * x;
            float p = Math.fma(x2, T15, T13);
            p = Math.fma(p, x2, T11);
            p = Math.fma(p, x2, T9);
            p = Math.fma(p, x2, T7);
            p = Math.fma(p, x2, T5);
            p = Math.fma(p, x2, T3);
            magnitude = Math.fma(ax * x2, p, ax);
        } else {
            float e = exp(ax * -2f);
            magnitude = (1f - e) / (e + 1f);
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(magnitude) | (Float.floatToRawIntBits(x) & 0x80000000));
    }

    /** {@code 1 / (1 + e^-x)} in every lane: the formula of {@link #map}'s SIGMOID loop, so the same bits. */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }

    /** {@link #sigmoid(FloatVector)} for one value, as {@link #map}'s tail. */
    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }

    /**
     * Writes {@code exp(in[k] - shift)} for the {@code n} elements from {@code from} into {@code out}
     * (when not null) and returns their sum.
     */
    static double expShifted(float[] in, int from, int n, float shift, float[] out) {
        int L = S.length(), k = from, ub = from + n / L * L, end = from + n;
        float[] lanes = new float[L]; // the running sum, in memory: see laneSum
        double sum = 0;
        int sinceFlush = 0;
        for (; k < ub; k += L) {
            FloatVector e = exp(v(in, k).sub(shift));
            if (out != null) e.intoArray(out, k);
            v(lanes, 0).add(e).intoArray(lanes, 0);
            // flush to double now and then, so long rows keep double-sum accuracy
            if (++sinceFlush == 64) {
                sum += laneSum(lanes);
                sinceFlush = 0;
            }
        }
        sum += laneSum(lanes);
        for (; k < end; k++) {
            float e = exp(in[k] - shift);
            if (out != null) out[k] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * The sum of a running vector sum's lanes, in lane order, in double ({@code reduceLanes(ADD)} leaves
     * its order unspecified); the lanes are then zeroed for the next run. The running sums are kept in
     * such an array rather than in a vector register: a register carried out of the loop into a store
     * for this sum was left un-intrinsified by JDK 17's C2 in attention's softmax ("VectorSupport::store
     * failed to inline"), boxing a vector each row (AttentionBench inference 17.1 against 13.6 ms).
     */
    static double laneSum(float[] lanes) {
        return laneSum(lanes, 0, lanes.length);
    }

    /** {@link #laneSum(float[])} over the {@code n} floats of {@code lanes} from {@code from}. */
    static double laneSum(float[] lanes, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += lanes[i];
            lanes[i] = 0f;
        }
        return s;
    }

    /** {@link Binary#segment} for the four arithmetic operations; steps are 0 (broadcast) or 1. */
    static void binary(Binary op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int o, int n) {
        int L = S.length(), i = 0, ub = as == 0 && bs == 0 ? 0 : n / L * L;
        // one loop per case, never a vector that may be null: Temurin 25.0.3's C2 crashed (SIGSEGV at
        // address 0x10) in the earlier form, which chose between a broadcast vector or null and a load
        if (as == 0 && ub > 0) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            switch (op) {
                case ADD: for (; i < ub; i += L) x.add(v(b, bi + i)).intoArray(out, o + i); break;
                case SUB: for (; i < ub; i += L) x.sub(v(b, bi + i)).intoArray(out, o + i); break;
                case MUL: for (; i < ub; i += L) x.mul(v(b, bi + i)).intoArray(out, o + i); break;
                case DIV: for (; i < ub; i += L) x.div(v(b, bi + i)).intoArray(out, o + i); break;
                default: throw new IllegalArgumentException("VectorMath: no vector loop for " + op);
            }
        } else if (bs == 0 && ub > 0) {
            FloatVector y = FloatVector.broadcast(S, b[bi]);
            switch (op) {
                case ADD: for (; i < ub; i += L) v(a, ai + i).add(y).intoArray(out, o + i); break;
                case SUB: for (; i < ub; i += L) v(a, ai + i).sub(y).intoArray(out, o + i); break;
                case MUL: for (; i < ub; i += L) v(a, ai + i).mul(y).intoArray(out, o + i); break;
                case DIV: for (; i < ub; i += L) v(a, ai + i).div(y).intoArray(out, o + i); break;
                default: throw new IllegalArgumentException("VectorMath: no vector loop for " + op);
            }
        } else {
            switch (op) {
                case ADD: for (; i < ub; i += L) v(a, ai + i).add(v(b, bi + i)).intoArray(out, o + i); break;
                case SUB: for (; i < ub; i += L) v(a, ai + i).sub(v(b, bi + i)).intoArray(out, o + i); break;
                case MUL: for (; i < ub; i += L) v(a, ai + i).mul(v(b, bi + i)).intoArray(out, o + i); break;
                case DIV: for (; i < ub; i += L) v(a, ai + i).div(v(b, bi + i)).intoArray(out, o + i); break;
                default: throw new IllegalArgumentException("VectorMath: no vector loop for " + op);
            }
        }
        for (; i < n; i++) out[o + i] = op.apply(a[ai + i * as], b[bi + i * bs]);
    }

    /** {@link BiasActivation#forward} over rows {@code [lo, hi)}. */
    static void biasActivation(float[] x, float[] bias, float[] out, int lo, int hi, boolean relu) {
        int c = bias.length, L = S.length(), ub = c / L * L;
        for (int r = lo; r < hi; r++) {
            int o = r * c, j = 0;
            for (; j < ub; j += L) {
                FloatVector z = v(x, o + j).add(v(bias, j));
                (relu ? z.max(0f) : z).intoArray(out, o + j);
            }
            for (; j < c; j++) {
                float z = x[o + j] + bias[j];
                out[o + j] = !relu || z > 0 ? z : (z != z ? z : 0f);
            }
        }
    }

    /** {@code gx[i] = g[i] * (out[i] > 0 ? 1 : 0)} for {@code i} in {@code [lo, hi)}. */
    static void reluMask(float[] g, float[] out, float[] gx, int lo, int hi) {
        int L = S.length(), i = lo, ub = lo + (hi - lo) / L * L;
        FloatVector ones = FloatVector.broadcast(S, 1f), zeros = FloatVector.zero(S);
        for (; i < ub; i += L)
            v(g, i).mul(zeros.blend(ones, v(out, i).compare(VectorOperators.GT, 0f))).intoArray(gx, i);
        for (; i < hi; i++) gx[i] = g[i] * (out[i] > 0 ? 1f : 0f);
    }

    /**
     * Adds the column sums of rows {@code [lo, hi)} of {@code src} ({@code c} columns) to {@code acc}:
     * the rows are summed in float vectors a block of {@code block} rows at a time, and each block's
     * sums are added to {@code acc} in double ({@code tmp} holds {@code c} floats).
     */
    static void addColumnSums(float[] src, int c, int lo, int hi, int block, double[] acc, float[] tmp) {
        int L = S.length(), ub = c / L * L;
        for (int b0 = lo; b0 < hi; b0 += block) {
            int b1 = Math.min(hi, b0 + block);
            for (int j = 0; j < ub; j += L) sumColumn(src, b0 * c + j, b1 * c + j, c, tmp, j);
            for (int j = ub; j < c; j++) {
                float sum = 0;
                for (int r = b0; r < b1; r++) sum += src[r * c + j];
                tmp[j] = sum;
            }
            for (int j = 0; j < c; j++) acc[j] += tmp[j];
        }
    }

    /**
     * tmp[j ..] = the sum of the vectors at src[from], src[from + c], ... below {@code end}: one flat
     * loop in a method of its own, as the other kernels (a vector inside the block and column loops
     * of its caller is what JDK 17's C2 sometimes leaves boxed).
     */
    private static void sumColumn(float[] src, int from, int end, int c, float[] tmp, int j) {
        FloatVector sum = v(src, from);
        for (int i = from + c; i < end; i += c) sum = sum.add(v(src, i));
        sum.intoArray(tmp, j);
    }

    private static FloatVector v(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }
}
