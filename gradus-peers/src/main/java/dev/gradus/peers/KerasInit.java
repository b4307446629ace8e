package dev.gradus.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.Random;

/** Keras's default initialisers, for DJL parameters laid out as PyTorch's ({@code (out, in)} kernels). */
final class KerasInit {
    private KerasInit() {}

    /**
     * Glorot uniform, Keras's kernel default: bound sqrt(6 / (fan_in + fan_out)). DJL's Xavier with AVG and
     * magnitude 3 computes fan_in = shape[1] * receptive field and fan_out = shape[0] * receptive field,
     * the same fans as Keras on the transposed layout.
     */
    static Initializer glorotUniform() {
        return new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f);
    }

    /** Uniform(-limit, limit) whatever the shape (Keras's Embedding default is limit 0.05). */
    static Initializer uniform(double limit) {
        return (m, shape, type) -> m.randomUniform((float) -limit, (float) limit, shape, type);
    }

    /**
     * Keras's {@code Orthogonal(gain=1)} of an LSTM's recurrent kernel. Keras draws a (rows, cols) Gaussian
     * for its (units, 4 units) kernel, takes Q of the QR of the taller orientation with the signs of R's
     * diagonal folded in, so the kernel has orthonormal rows; PyTorch's {@code weight_hh} is that kernel
     * transposed, (4 units, units), with orthonormal columns: modified Gram-Schmidt on the columns of a
     * Gaussian (4 units, units) matrix (R's diagonal comes out positive, the sign convention Keras applies).
     */
    static Initializer orthogonal(long seed) {
        Random random = new Random(seed);
        return (m, shape, type) -> {
            int rows = (int) shape.get(0), cols = (int) shape.get(1);
            if (rows < cols) throw new IllegalArgumentException("orthogonal: expected rows >= cols, got " + shape);
            double[][] q = new double[cols][rows]; // column-major: q[j] is column j
            for (int j = 0; j < cols; j++)
                for (int i = 0; i < rows; i++) q[j][i] = random.nextGaussian();
            for (int j = 0; j < cols; j++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < rows; i++) dot += q[k][i] * q[j][i];
                    for (int i = 0; i < rows; i++) q[j][i] -= dot * q[k][i];
                }
                double norm = 0;
                for (int i = 0; i < rows; i++) norm += q[j][i] * q[j][i];
                norm = Math.sqrt(norm);
                for (int i = 0; i < rows; i++) q[j][i] /= norm;
            }
            float[] w = new float[rows * cols];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) w[i * cols + j] = (float) q[j][i];
            return m.create(w, shape).toType(type, false);
        };
    }

    /**
     * Keras's LSTM bias with {@code unit_forget_bias=True}: zeros with ones for the forget gate. PyTorch's
     * gate order is (input, forget, cell, output), Keras's (i, f, c, o): the same. PyTorch has two biases
     * (b_ih and b_hh) that are added; this one goes to b_ih, b_hh stays zero, so the sum is Keras's bias.
     */
    static Initializer forgetBias(int units) {
        return (NDManager m, Shape shape, DataType type) -> {
            float[] b = new float[(int) shape.get(0)];
            for (int i = units; i < 2 * units; i++) b[i] = 1f;
            NDArray a = m.create(b, shape);
            return a.toType(type, false);
        };
    }
}
