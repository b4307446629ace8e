package dev.gradus.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API forms of {@link LayerNorm}'s elementwise row loops: the output, and the backward
 * pass's normalised input, scaled gradient, parameter gradients and input gradient. Each element takes
 * the same float operations in the same order as the scalar loop (no fused multiply-add), so the bits
 * are those of the scalar path; the row sums stay scalar in LayerNorm, whose four interleaved chains
 * fix their order. On W5's 6400 x 32 (alternating in one JVM, 40 pairs each): forward 433 -> 275 us on one
 * thread and 181 -> 95 on two, backward 700 -> 304 and 412 -> 212. Loaded only when {@link VectorSupport#enabled()}.
 */
final class VectorLayerNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorLayerNorm() {}

    /** {@code y[o + j] = x[o + j] * inv + shift} with {@code inv = s * gamma[j]} (s without gamma) and {@code shift = beta[j] - mu * inv} ({@code -(mu * inv)} without beta). */
    static void output(float[] x, int o, int n, float[] gamma, float[] beta, float mu, float s, float[] y) {
        int L = S.length(), ub = n / L * L, j = 0;
        FloatVector sv = FloatVector.broadcast(S, s);
        for (; j < ub; j += L) {
            FloatVector inv = gamma == null ? sv : FloatVector.fromArray(S, gamma, j).mul(s);
            FloatVector muInv = inv.mul(mu);
            FloatVector shift = beta == null ? muInv.neg() : FloatVector.fromArray(S, beta, j).sub(muInv);
            FloatVector.fromArray(S, x, o + j).mul(inv).add(shift).intoArray(y, o + j);
        }
        for (; j < n; j++) {
            float inv = gamma == null ? s : s * gamma[j];
            float shift = beta == null ? -(mu * inv) : beta[j] - mu * inv;
            y[o + j] = x[o + j] * inv + shift;
        }
    }

    /** {@code xh[j] = (x[o + j] - mu) * s} and {@code g[j] = dy[o + j] * gamma[j]} ({@code dy} itself without gamma). */
    static void normalisedAndScaled(float[] x, float[] dy, int o, int n, float[] gamma, float mu, float s, float[] xh, float[] g) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector.fromArray(S, x, o + j).sub(mu).mul(s).intoArray(xh, j);
            FloatVector d = FloatVector.fromArray(S, dy, o + j);
            (gamma == null ? d : d.mul(FloatVector.fromArray(S, gamma, j))).intoArray(g, j);
        }
        for (; j < n; j++) {
            xh[j] = (x[o + j] - mu) * s;
            g[j] = gamma == null ? dy[o + j] : dy[o + j] * gamma[j];
        }
    }

    /** {@code partGamma[p + j] += dy[o + j] * xh[j]} and {@code partBeta[p + j] += dy[o + j]} (each skipped when null). */
    static void addParameterGradients(float[] dy, int o, int n, float[] xh, float[] partGamma, float[] partBeta, int p) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector d = FloatVector.fromArray(S, dy, o + j);
            if (partGamma != null) FloatVector.fromArray(S, partGamma, p + j).add(d.mul(FloatVector.fromArray(S, xh, j))).intoArray(partGamma, p + j);
            if (partBeta != null) FloatVector.fromArray(S, partBeta, p + j).add(d).intoArray(partBeta, p + j);
        }
        for (; j < n; j++) {
            if (partGamma != null) partGamma[p + j] += dy[o + j] * xh[j];
            if (partBeta != null) partBeta[p + j] += dy[o + j];
        }
    }

    /** {@code dx[o + j] = s * (g[j] - meanG - xh[j] * meanGx)}. */
    static void inputGradient(float[] g, float[] xh, int n, float s, float meanG, float meanGx, float[] dx, int o) {
        int L = S.length(), ub = n / L * L, j = 0;
        for (; j < ub; j += L) {
            FloatVector t = FloatVector.fromArray(S, g, j).sub(meanG).sub(FloatVector.fromArray(S, xh, j).mul(meanGx));
            t.mul(s).intoArray(dx, o + j);
        }
        for (; j < n; j++) dx[o + j] = s * (g[j] - meanG - xh[j] * meanGx);
    }
}
