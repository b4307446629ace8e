package dev.gradus.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One partition of a {@link SparkFrame}'s rows, cached on its executor as flat arrays: rows
 * {@code [first, first + count)} of the frame (their global indices, from {@code zipWithIndex}),
 * features {@code count x xWidth}, labels {@code count x yWidth} (absent for predict-only frames), and
 * per-row weights (absent when the frame has none).
 */
record FrameBlock(long first, int count, float[] x, int xWidth, float[] y, int yWidth, float[] w) implements Serializable {

    /** Reads a partition's rows: column 0 the features, then the label and the weight when the frame has them. */
    static FrameBlock read(long first, Iterator<Row> rows, boolean hasLabel, boolean hasWeight, String[] names) {
        List<float[]> xs = new ArrayList<>(), ys = new ArrayList<>();
        List<Float> ws = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            xs.add(values(row, 0, names[0]));
            if (hasLabel) ys.add(values(row, 1, names[1]));
            if (hasWeight) ws.add(values(row, 2, names[2])[0]);
        }
        int n = xs.size();
        int xWidth = n == 0 ? 0 : xs.get(0).length, yWidth = n == 0 || !hasLabel ? 0 : ys.get(0).length;
        return new FrameBlock(first, n, flatten(xs, xWidth, names[0]), xWidth, hasLabel ? flatten(ys, yWidth, names[1]) : null, yWidth,
                hasWeight ? toArray(ws) : null);
    }

    /** A cell as floats: a number, or an array of numbers (Spark's {@code array<float>}, {@code array<double>}, ...). */
    static float[] values(Row row, int i, String column) {
        if (row.isNullAt(i)) throw new IllegalArgumentException("column '" + column + "': expected no nulls, got a null");
        Object v = row.get(i);
        if (v instanceof Number num) return new float[] {num.floatValue()};
        if (v instanceof scala.collection.Seq<?> || v instanceof java.util.List<?>) {
            List<Object> list = row.getList(i);
            float[] out = new float[list.size()];
            for (int k = 0; k < out.length; k++) {
                if (!(list.get(k) instanceof Number num)) throw new IllegalArgumentException("column '" + column
                        + "': expected numbers in the array, got " + (list.get(k) == null ? "null" : list.get(k).getClass().getSimpleName()));
                out[k] = num.floatValue();
            }
            return out;
        }
        double[] vector = vectorValues(v);
        if (vector != null) {
            float[] out = new float[vector.length];
            for (int k = 0; k < out.length; k++) out[k] = (float) vector[k];
            return out;
        }
        throw new IllegalArgumentException("column '" + column + "': expected a number, an array of numbers or a Spark ML "
                + "vector, got " + v.getClass().getName());
    }

    /** Each class's {@code double[] toArray()}, or an empty slot for classes that have none. */
    private static final java.util.Map<Class<?>, java.util.Optional<java.lang.reflect.Method>> TO_ARRAY =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A Spark ML vector's values ({@code org.apache.spark.ml.linalg.Vector}, dense or sparse, and the old
     * {@code mllib.linalg} one), read through its {@code double[] toArray()} so that gradus-spark needs no
     * Spark ML on its class path; null for anything else.
     */
    private static double[] vectorValues(Object v) {
        java.util.Optional<java.lang.reflect.Method> m = TO_ARRAY.computeIfAbsent(v.getClass(), c -> {
            if (!c.getName().startsWith("org.apache.spark.ml") || !c.getName().contains(".linalg.")) return java.util.Optional.empty();
            try {
                java.lang.reflect.Method toArray = c.getMethod("toArray");
                return toArray.getReturnType() == double[].class ? java.util.Optional.of(toArray) : java.util.Optional.empty();
            } catch (NoSuchMethodException e) {
                return java.util.Optional.empty();
            }
        });
        if (m.isEmpty()) return null;
        try {
            return (double[]) m.get().invoke(v);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not read the values of " + v.getClass().getName(), e);
        }
    }

    private static float[] flatten(List<float[]> rows, int width, String column) {
        float[] out = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).length != width) throw new IllegalArgumentException("column '" + column + "': expected every row to hold "
                    + width + " values (as the partition's first row), got " + rows.get(r).length);
            System.arraycopy(rows.get(r), 0, out, r * width, width);
        }
        return out;
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }
}
