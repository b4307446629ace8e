package dev.gradus.tensor.kernels;

import java.util.SplittableRandom;

/** Seeded fills for the initializers that {@code Tensor.randomNormal/randomUniform} do not cover. */
public final class RandomFill {
    private RandomFill() {}

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
