package dev.gradus.tensor.kernels;

import dev.gradus.util.StepRandom;
import java.util.SplittableRandom;

/** Seeded fills for the initializers that {@code Tensor.randomNormal/randomUniform} do not cover. */
public final class RandomFill {
    private RandomFill() {}

    /**
     * The bound that turns dropout's float comparison into an integer one: {@code nextDouble()} is
     * {@code x * 2^-53} for a 53-bit {@code x}, and, since rounding to float keeps order, the draw rounded to
     * float is below {@code keep} exactly when {@code x} is below the returned value (the least {@code x} whose
     * draw rounds to {@code keep} or more; {@code 2^53} when none does). Found by bisection on that very
     * predicate, so it holds whatever {@code keep} is.
     */
    public static long keepThreshold(float keep) {
        long lo = 0, hi = 1L << 53; // the predicate is false below lo, true at hi (2^53 standing for "never")
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if ((float) (mid * 0x1.0p-53) >= keep) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /**
     * One row of dropout's mask: {@code out[from + j] = kept} where draw {@code j} of
     * {@code new SplittableRandom(seed).nextDouble()}, rounded to float, is below the {@code keep} whose
     * {@link #keepThreshold} is {@code threshold}, else 0. The same bits as drawing from SplittableRandom
     * (tested against it); sixteen draws at a time where the Vector API runs 512-bit vectors.
     */
    public static void keepMaskRow(long seed, long threshold, float kept, float[] out, int from, int n) {
        if (VectorSupport.enabled() && n >= 16 && VectorRandom.usable()) {
            VectorRandom.keepMaskRow(seed, threshold, kept, out, from, n);
        } else {
            keepMaskScalar(seed, 0, threshold, kept, out, from, n);
        }
    }

    /** {@link #keepMaskRow} one draw at a time, from draw {@code first} of the row ({@link StepRandom#mix} is draw j). */
    static void keepMaskScalar(long seed, int first, long threshold, float kept, float[] out, int from, int n) {
        for (int j = 0; j < n; j++) out[from + j] = StepRandom.mix(seed, first + j) >>> 11 < threshold ? kept : 0f;
    }

    /**
     * Normal values redrawn until they fall within two standard deviations of the mean, as
     * {@code keras.random.truncated_normal}.
     */
    public static float[] truncatedNormal(int n, double mean, double stddev, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double z;
            do {
                z = r.nextGaussian();
            } while (z < -2 || z > 2);
            out[i] = (float) (mean + stddev * z);
        }
        return out;
    }

    /**
     * The Q factor of a QR factorisation of a {@code rows x cols} standard-normal matrix ({@code rows >= cols}),
     * with the signs that make R's diagonal positive, i.e. Keras's {@code q * sign(diag(r))}. Modified
     * Gram-Schmidt in double: the factorisation with a positive diagonal is unique, so this is the same Q.
     * Returned row-major, {@code rows x cols}.
     */
    public static float[] orthonormalColumns(int rows, int cols, long seed) {
        if (rows < cols) throw new IllegalArgumentException("orthonormalColumns: rows must be >= cols, got " + rows + " x " + cols);
        SplittableRandom r = new SplittableRandom(seed);
        double[][] q = new double[cols][rows]; // column-major work space
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) q[j][i] = r.nextGaussian();
        for (int j = 0; j < cols; j++) {
            double[] v = q[j];
            for (int k = 0; k < j; k++) {
                double[] u = q[k];
                double dot = 0;
                for (int i = 0; i < rows; i++) dot += u[i] * v[i];
                for (int i = 0; i < rows; i++) v[i] -= dot * u[i];
            }
            double norm = 0;
            for (int i = 0; i < rows; i++) norm += v[i] * v[i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < rows; i++) v[i] /= norm;
        }
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) out[i * cols + j] = (float) q[j][i];
        return out;
    }
}
