package dev.gradus.models;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;

/** Float arrays as tensors, for the array overloads of fit/evaluate/predict. */
final class FloatArrays {
    private FloatArrays() {}

    static Tensor matrix(String name, float[][] rows) {
        Check.notNull(name, rows);
        Check.argument(rows.length > 0, name + " must hold at least one row, got none");
        int cols = Check.notNull(name + "[0]", rows[0]).length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            float[] r = Check.notNull(name + "[" + i + "]", rows[i]);
            if (r.length != cols) throw new IllegalArgumentException(name + " must be rectangular: row 0 has " + cols
                    + " values, row " + i + " has " + r.length);
            System.arraycopy(r, 0, flat, i * cols, cols);
        }
        return Tensor.of(flat, rows.length, cols);
    }

    static Tensor vector(String name, float[] values) {
        Check.notNull(name, values);
        return Tensor.of(values.clone(), values.length);
    }
}
