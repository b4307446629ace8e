package dev.gradus.tensor;

import dev.gradus.ops.Ops;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An immutable float32 n-d array in row-major order. Tensors are values: no operation changes one
 * after it is made ({@code Variable} is the one mutable holder). The fluent methods ({@code x.add(y)})
 * are one-line delegates to {@link Ops}, so that a chain of them is recorded by an open
 * {@code GradientTape} like the static form.
 */
public final class Tensor {
    private final float[] data;
    private final Shape shape;

    private Tensor(float[] data, Shape shape) {
        this.data = data;
        this.shape = shape;
    }

    // ---------------------------------------------------------------- creation

    /**
     * A tensor from nested {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]},
     * {@code Object[]}, {@code List}s, {@code Number}s (a {@code Number} gives rank 0) or
     * {@code Boolean}s (1 or 0); a {@code Tensor} is returned as it is.
     */
    public static Tensor of(Object nested) {
        if (nested instanceof Tensor) return (Tensor) nested;
        if (nested == null) throw new IllegalArgumentException("Tensor.of: expected a number or nested arrays/lists, got null");
        List<Integer> dims = new ArrayList<>();
        Object probe = nested;
        while (isSequence(probe)) {
            int n = length(probe);
            dims.add(n);
            if (n == 0) break;
            probe = element(probe, 0);
        }
        int[] d = dims.stream().mapToInt(Integer::intValue).toArray();
        Shape shape = Shape.of(d);
        float[] out = new float[shape.size()];
        int[] pos = {0};
        fill(nested, d, 0, out, pos, new StringBuilder());
        return new Tensor(out, shape);
    }

    private static boolean isSequence(Object o) {
        return o instanceof List || (o != null && o.getClass().isArray());
    }

    private static int length(Object o) {
        return o instanceof List ? ((List<?>) o).size() : Array.getLength(o);
    }

    private static Object element(Object o, int i) {
        return o instanceof List ? ((List<?>) o).get(i) : Array.get(o, i);
    }

    private static void fill(Object o, int[] dims, int depth, float[] out, int[] pos, StringBuilder path) {
        if (depth == dims.length) {
            if (isSequence(o)) throw new IllegalArgumentException(
                    "Tensor.of: ragged input at " + where(path) + ": expected a number, got a sequence of length " + length(o));
            out[pos[0]++] = scalar(o, path);
            return;
        }
        if (!isSequence(o)) throw new IllegalArgumentException("Tensor.of: ragged input at " + where(path)
                + ": expected a sequence of length " + dims[depth] + ", got " + describe(o));
        int n = length(o);
        if (n != dims[depth]) throw new IllegalArgumentException("Tensor.of: ragged input at " + where(path)
                + ": expected length " + dims[depth] + ", got " + n);
        if (o instanceof float[] && depth == dims.length - 1) {
            System.arraycopy(o, 0, out, pos[0], n);
            pos[0] += n;
            return;
        }
        int mark = path.length();
        for (int i = 0; i < n; i++) {
            path.append('[').append(i).append(']');
            fill(element(o, i), dims, depth + 1, out, pos, path);
            path.setLength(mark);
        }
    }

    private static String where(StringBuilder path) {
        return path.length() == 0 ? "the top level" : path.toString();
    }

    private static String describe(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName() + " " + o;
    }

    private static float scalar(Object o, StringBuilder path) {
        if (o instanceof Number) return ((Number) o).floatValue();
        if (o instanceof Boolean) return (Boolean) o ? 1f : 0f;
        throw new IllegalArgumentException("Tensor.of: non-numeric element at " + where(path) + ": " + describe(o));
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(double value) {
        return new Tensor(new float[] {(float) value}, Shape.scalar());
    }

    /** A copy of {@code values} with the given shape. */
    public static Tensor of(float[] values, int... shape) {
        Shape s = Shape.of(shape);
        if (values.length != s.size()) throw new IllegalArgumentException(
                "Tensor.of: " + values.length + " values cannot have shape " + s + " (" + s.size() + " elements)");
        return new Tensor(values.clone(), s);
    }

    /**
     * Takes {@code data} without copying. For op and kernel authors: the caller gives up the array and
     * must never write to it again.
     */
    public static Tensor wrap(float[] data, Shape shape) {
        if (data.length != shape.size()) throw new IllegalArgumentException(
                "Tensor.wrap: " + data.length + " values cannot have shape " + shape);
        return new Tensor(data, shape);
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(new float[Shape.of(shape).size()], Shape.of(shape));
    }

    public static Tensor zeros(Shape shape) {
        return new Tensor(new float[shape.size()], shape);
    }

    public static Tensor ones(int... shape) {
        return full(1, shape);
    }

    public static Tensor ones(Shape shape) {
        return full(1, shape);
    }

    public static Tensor full(double value, int... shape) {
        return full(value, Shape.of(shape));
    }

    public static Tensor full(double value, Shape shape) {
        float[] d = new float[shape.size()];
        Arrays.fill(d, (float) value);
        return new Tensor(d, shape);
    }

    /** {@code 0, 1, ..., n - 1}. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** Values from {@code start} (inclusive) to {@code stop} (exclusive) in steps of {@code step}, as numpy. */
    public static Tensor arange(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step)) throw new IllegalArgumentException(
                "arange: step must be finite and non-zero, got " + step);
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (start + i * step);
        return new Tensor(d, Shape.of(n));
    }

    /** {@code num} evenly spaced values from {@code start} to {@code stop}, both included. */
    public static Tensor linspace(double start, double stop, int num) {
        if (num < 0) throw new IllegalArgumentException("linspace: num must be >= 0, got " + num);
        float[] d = new float[num];
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) d[i] = (float) (start + i * step);
        if (num > 1) d[num - 1] = (float) stop;
        return new Tensor(d, Shape.of(num));
    }

    /** The n x n identity. */
    public static Tensor eye(int n) {
        return eye(n, n);
    }

    /** An n x m matrix with ones on the main diagonal. */
    public static Tensor eye(int n, int m) {
        if (n < 0 || m < 0) throw new IllegalArgumentException("eye: sizes must be >= 0, got (" + n + ", " + m + ")");
        float[] d = new float[n * m];
        for (int i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1;
        return new Tensor(d, Shape.of(n, m));
    }

    /** Standard normal values from a generator seeded with {@code seed}. */
    public static Tensor randomNormal(long seed, int... shape) {
        return randomNormal(Shape.of(shape), 0, 1, seed);
    }

    /** Normal values, as {@code keras.random.normal(shape, mean, stddev, seed)}. */
    public static Tensor randomNormal(Shape shape, double mean, double stddev, long seed) {
        if (!(stddev >= 0)) throw new IllegalArgumentException("randomNormal: stddev must be >= 0, got " + stddev);
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + stddev * r.nextGaussian());
        return new Tensor(d, shape);
    }

    /** Uniform values in {@code [0, 1)} from a generator seeded with {@code seed}. */
    public static Tensor randomUniform(long seed, int... shape) {
        return randomUniform(Shape.of(shape), 0, 1, seed);
    }

    /** Uniform values in {@code [min, max)}, as {@code keras.random.uniform(shape, minval, maxval, seed)}. */
    public static Tensor randomUniform(Shape shape, double min, double max, long seed) {
        if (!(max >= min)) throw new IllegalArgumentException(
                "randomUniform: expected min <= max, got min=" + min + ", max=" + max);
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (min + (max - min) * r.nextDouble());
        return new Tensor(d, shape);
    }

    // ---------------------------------------------------------------- reading

    public Shape shape() {
        return shape;
    }

    /** Size of dimension {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return shape.get(axis);
    }

    public int rank() {
        return shape.rank();
    }

    public int size() {
        return shape.size();
    }

    /** A copy of the values in row-major order. */
    public float[] toFloatArray() {
        return data.clone();
    }

    public double[] toDoubleArray() {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i];
        return d;
    }

    /**
     * The backing array itself, for op and kernel authors: reading is free, writing breaks every
     * tensor that shares it.
     */
    public float[] unsafeBuffer() {
        return data;
    }

    /** The single value of a tensor with one element. */
    public float item() {
        if (data.length != 1) throw new IllegalArgumentException(
                "item: expected a tensor with one element, got shape " + shape);
        return data[0];
    }

    /** The element at {@code index} (one index per dimension; negative indices count from the end). */
    public float get(int... index) {
        int[] dims = shape.unsafeDims();
        if (index.length != dims.length) throw new IllegalArgumentException(
                "get: expected " + dims.length + " indices for shape " + shape + ", got " + index.length);
        int flat = 0;
        for (int i = 0; i < dims.length; i++) {
            int k = index[i] < 0 ? index[i] + dims[i] : index[i];
            if (k < 0 || k >= dims[i]) throw new IndexOutOfBoundsException(
                    "get: index " + index[i] + " is out of range for dimension " + i + " of shape " + shape);
            flat = flat * dims[i] + k;
        }
        return data[flat];
    }

    /** True when the shapes are equal and every pair satisfies {@code |a - b| <= atol + rtol * |b|}. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!shape.equals(other.shape)) return false;
        for (int i = 0; i < data.length; i++) {
            double a = data[i], b = other.data[i];
            if (a == b) continue;
            if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) return false;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Tensor && shape.equals(((Tensor) o).shape) && Arrays.equals(data, ((Tensor) o).data));
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(data);
    }

    /** numpy's {@code str()}: {@code [[1. 2.]\n [3. 4.]]}; over 1000 elements, three edge items per axis. */
    @Override
    public String toString() {
        return TensorFormat.format(data, shape.unsafeDims());
    }

    // ---------------------------------------------------------------- fluent delegates to Ops

    public Tensor add(Tensor other) { return Ops.add(this, other); }
    public Tensor add(double other) { return Ops.add(this, other); }
    public Tensor sub(Tensor other) { return Ops.sub(this, other); }
    public Tensor sub(double other) { return Ops.sub(this, other); }
    public Tensor mul(Tensor other) { return Ops.mul(this, other); }
    public Tensor mul(double other) { return Ops.mul(this, other); }
    public Tensor div(Tensor other) { return Ops.div(this, other); }
    public Tensor div(double other) { return Ops.div(this, other); }
    public Tensor neg() { return Ops.neg(this); }
    public Tensor pow(double exponent) { return Ops.pow(this, exponent); }
    public Tensor pow(Tensor exponent) { return Ops.pow(this, exponent); }
    public Tensor square() { return Ops.square(this); }
    public Tensor sqrt() { return Ops.sqrt(this); }
    public Tensor exp() { return Ops.exp(this); }
    public Tensor log() { return Ops.log(this); }
    public Tensor abs() { return Ops.abs(this); }
    public Tensor relu() { return Ops.relu(this); }
    public Tensor sigmoid() { return Ops.sigmoid(this); }
    public Tensor tanh() { return Ops.tanh(this); }
    public Tensor clip(double min, double max) { return Ops.clip(this, min, max); }
    public Tensor matmul(Tensor other) { return Ops.matmul(this, other); }
    public Tensor sum() { return Ops.sum(this); }
    public Tensor sum(int axis) { return Ops.sum(this, axis); }
    public Tensor mean() { return Ops.mean(this); }
    public Tensor mean(int axis) { return Ops.mean(this, axis); }
    public Tensor max() { return Ops.max(this); }
    public Tensor max(int axis) { return Ops.max(this, axis); }
    public Tensor min() { return Ops.min(this); }
    public Tensor min(int axis) { return Ops.min(this, axis); }
    public Tensor prod() { return Ops.prod(this); }
    public Tensor prod(int axis) { return Ops.prod(this, axis); }
    public Tensor variance(int axis) { return Ops.variance(this, axis); }
    public Tensor std(int axis) { return Ops.std(this, axis); }
    public Tensor norm() { return Ops.norm(this); }
    public Tensor norm(int axis) { return Ops.norm(this, axis); }
    public Tensor argmax(int axis) { return Ops.argmax(this, axis); }
    public Tensor argmin(int axis) { return Ops.argmin(this, axis); }
    public Tensor cumsum(int axis) { return Ops.cumsum(this, axis); }
    public Tensor softmax() { return Ops.softmax(this); }
    public Tensor softmax(int axis) { return Ops.softmax(this, axis); }
    public Tensor logSoftmax() { return Ops.logSoftmax(this); }
    public Tensor logSoftmax(int axis) { return Ops.logSoftmax(this, axis); }
    public Tensor logSumExp(int axis) { return Ops.logSumExp(this, axis); }
    public Tensor slice(int axis, int begin, int end) { return Ops.slice(this, axis, begin, end); }
    public Tensor pad(int[][] padWidth, double value) { return Ops.pad(this, padWidth, value); }
    public Tensor tile(int... reps) { return Ops.tile(this, reps); }
    public Tensor repeat(int repeats, int axis) { return Ops.repeat(this, repeats, axis); }
    public Tensor take(Tensor indices, int axis) { return Ops.take(this, indices, axis); }
    public Tensor gather(Tensor indices) { return Ops.gather(this, indices); }
    public Tensor sort(int axis) { return Ops.sort(this, axis); }
    public Tensor argsort(int axis) { return Ops.argsort(this, axis); }
    public Tensor reshape(int... shape) { return Ops.reshape(this, shape); }
    public Tensor transpose() { return Ops.transpose(this); }
    public Tensor transpose(int... axes) { return Ops.transpose(this, axes); }
    public Tensor expandDims(int axis) { return Ops.expandDims(this, axis); }
    public Tensor squeeze(int... axes) { return Ops.squeeze(this, axes); }
}
