package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * Keras's {@code encode_categorical_inputs} ({@code keras/src/utils/numerical_utils.py}) on integer
 * indices held as floats: one-hot (a last axis of size 1 is dropped first), multi-hot and counts over
 * the last axis of a rank-1 or rank-2 input (axis 1 beyond rank 2, as Keras's count). Indices outside
 * {@code [0, depth)} contribute nothing, as {@code one_hot} and {@code bincount} with a fixed length do
 * (this is how a lookup's mask token drops out of the non-int modes).
 */
final class CategoricalEncoding {
    private CategoricalEncoding() {}

    /** The encoded shape of an input of {@code shape} (Keras's compute_output_shape; {@link Layer#NONE} passes through). */
    static int[] outputShape(int[] shape, OutputMode mode, int depth) {
        if (mode == OutputMode.INT) return shape.clone();
        if (shape.length == 0) return new int[] {depth};
        if (mode == OutputMode.ONE_HOT) {
            int[] base = shape.length > 1 && shape[shape.length - 1] == 1 ? Arrays.copyOf(shape, shape.length - 1) : shape;
            int[] out = Arrays.copyOf(base, base.length + 1);
            out[base.length] = depth;
            return out;
        }
        if (shape.length > 2) {
            // Keras's generic count and multi-hot reduce axis 1 of (b, n, ..., depth)
            int[] out = new int[shape.length];
            out[0] = shape[0];
            System.arraycopy(shape, 2, out, 1, shape.length - 2);
            out[shape.length - 1] = depth;
            return out;
        }
        int[] out = shape.clone();
        out[shape.length - 1] = depth;
        return out;
    }

    /**
     * Encodes {@code indices} (row-major, of {@code shape}); {@code weights} (same size, or null) are
     * Keras's {@code count_weights}, summed instead of 1 in count mode; {@code idf} (length depth, or
     * null) multiplies the counts in tf_idf mode.
     */
    static Tensor encode(float[] indices, int[] shape, OutputMode mode, int depth, float[] weights, float[] idf) {
        if (mode == OutputMode.INT) return Tensor.of(indices.clone(), shape);
        int[] in = shape.length == 0 ? new int[] {1} : shape;
        int[] out = outputShape(in, mode, depth);
        float[] values = new float[Math.multiplyExact(size(out) / depth, depth)];
        if (mode == OutputMode.ONE_HOT) {
            for (int i = 0; i < indices.length; i++) {
                int k = index(indices[i], depth);
                if (k >= 0) values[i * depth + k] = 1;
            }
            return Tensor.of(values, out);
        }
        // rows of the reduction: rank <= 2 reduces the last axis; beyond, axis 1
        int reduced = in.length == 1 ? in[0] : in[1];
        int inner = 1;
        for (int d = 2; d < in.length; d++) inner *= in[d];
        for (int i = 0; i < indices.length; i++) {
            int k = index(indices[i], depth);
            if (k < 0) continue;
            int outer = i / (reduced * inner), position = i % inner;
            int row = outer * inner + position;
            if (mode == OutputMode.MULTI_HOT) values[row * depth + k] = 1;
            else values[row * depth + k] += weights == null ? 1 : weights[i];
        }
        if (mode == OutputMode.TF_IDF) for (int i = 0; i < values.length; i++) values[i] *= idf[i % depth];
        return Tensor.of(values, out);
    }

    private static int index(float value, int depth) {
        return value >= 0 && value < depth && value == Math.rint(value) ? (int) value : -1;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return n;
    }
}
