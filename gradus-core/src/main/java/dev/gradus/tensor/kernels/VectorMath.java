package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transcendental loops on the Vector API, whose math operators compile to short-vector library
 * calls: exp runs about 40 times faster than {@code Math.exp} per element on JDK 17 here, within
 * an ulp or two. Loaded only when {@link VectorSupport#enabled()}; each operator gets its own loop
 * so that it is a compile-time constant for the intrinsic.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {}

    static boolean supports(Unary op) {
        switch (op) {
            case EXP: case LOG: case LOG1P: case EXPM1: case TANH: case SIN: case COS: case SIGMOID: case SOFTPLUS:
            case RELU: case STEP:
                return true;
            default:
                return false;
        }
    }

    /** {@code out[i] = op(in[i])} for {@code i} in {@code [lo, hi)}; the tail runs on the scalar loop. */
    static void map(Unary op, float[] in, float[] out, int lo, int hi, float p) {
        int L = S.length(), i = lo, ub = lo + (hi - lo) / L * L;
        switch (op) {
            case EXP: for (; i < ub; i += L) v(in, i).lanewise(VectorOperators.EXP).intoArray(out, i); break;
            case LOG: for (; i < ub; i += L) v(in, i).lanewise(VectorOperators.LOG).intoArray(out, i); break;
            case LOG1P: for (; i < ub; i += L) v(in, i).lanewise(VectorOperators.LOG1P).intoArray(out, i); break;
            case EXPM1: for (; i < ub; i += L) v(in, i).lanewise(VectorOperators.EXPM1).intoArray(out, i); break;
            case TANH: for (; i < ub; i += L) v(in, i).lanewise(VectorOperators.TANH).intoArray(out, i); break;
            case SIN: for (; i < ub; i += L) v(in, i).lanewise(VectorOperators.SIN).intoArray(out, i); break;
            case COS: for (; i < ub; i += L) v(in, i).lanewise(VectorOperators.COS).intoArray(out, i); break;
            case SIGMOID:
                // 1 / (1 + e^-x): e^-x overflowing to inf gives exactly 0, so no NaN at either end
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; i < ub; i += L) one.div(v(in, i).neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(out, i);
                break;
            case SOFTPLUS:
                for (; i < ub; i += L) {
                    FloatVector x = v(in, i);
                    FloatVector tail = x.abs().neg().lanewise(VectorOperators.EXP).lanewise(VectorOperators.LOG1P);
                    x.max(0f).add(tail).intoArray(out, i);
                }
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
        if (i < hi) op.applyScalar(in, out, i, hi, p, 0);
    }

    /**
     * Writes {@code exp(in[k] - shift)} for the {@code n} elements from {@code from} into {@code out}
     * (when not null) and returns their sum.
     */
    static double expShifted(float[] in, int from, int n, float shift, float[] out) {
        int L = S.length(), k = from, ub = from + n / L * L, end = from + n;
        FloatVector acc = FloatVector.zero(S);
        double sum = 0;
        int sinceFlush = 0;
        for (; k < ub; k += L) {
            FloatVector e = v(in, k).sub(shift).lanewise(VectorOperators.EXP);
            if (out != null) e.intoArray(out, k);
            acc = acc.add(e);
            // flush to double now and then, so long rows keep double-sum accuracy
            if (++sinceFlush == 64) {
                sum += acc.reduceLanes(VectorOperators.ADD);
                acc = FloatVector.zero(S);
                sinceFlush = 0;
            }
        }
        sum += acc.reduceLanes(VectorOperators.ADD);
        return sum + Softmax.expShifted(in, k, end - k, shift, out);
    }

    /** {@link Binary#segment} for the four arithmetic operations; steps are 0 (broadcast) or 1. */
    static void binary(Binary op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int o, int n) {
        int L = S.length(), i = 0, ub = n / L * L;
        FloatVector x = as == 0 ? FloatVector.broadcast(S, a[ai]) : null;
        FloatVector y = bs == 0 ? FloatVector.broadcast(S, b[bi]) : null;
        switch (op) {
            case ADD: for (; i < ub; i += L) va(a, ai + i, x).add(va(b, bi + i, y)).intoArray(out, o + i); break;
            case SUB: for (; i < ub; i += L) va(a, ai + i, x).sub(va(b, bi + i, y)).intoArray(out, o + i); break;
            case MUL: for (; i < ub; i += L) va(a, ai + i, x).mul(va(b, bi + i, y)).intoArray(out, o + i); break;
            case DIV: for (; i < ub; i += L) va(a, ai + i, x).div(va(b, bi + i, y)).intoArray(out, o + i); break;
            default: throw new IllegalArgumentException("VectorMath: no vector loop for " + op);
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

    /** The vector at {@code a[i]}, or {@code fixed} when the operand is broadcast. */
    private static FloatVector va(float[] a, int i, FloatVector fixed) {
        return fixed != null ? fixed : FloatVector.fromArray(S, a, i);
    }

    private static FloatVector v(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }
}
