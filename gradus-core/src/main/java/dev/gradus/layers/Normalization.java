package dev.gradus.layers;

import dev.gradus.autodiff.Variable;
import dev.gradus.initializers.Initializers;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Keras's Normalization: {@code (x - mean) / max(sqrt(variance), 1e-7)}, or with {@code invert}
 * {@code mean + x * max(sqrt(variance), 1e-7)}. The statistics are kept per position of the
 * {@code axis} dimensions (default the last; none means one mean and variance for everything) and
 * come either from the constructor ({@link #meanAndVariance}, no weights) or from {@link #adapt}, into
 * the non-trainable weights {@code mean}, {@code variance} and {@code count} (a scalar Keras keeps
 * for old files and stores as int64; here a float32 variable that adapt leaves at 0, as Keras 3).
 */
public final class Normalization extends FluentLayer<Normalization> {
    private static final double EPSILON = 1e-7;

    private int[] axis = {-1};
    private boolean invert;
    private Object inputMean;
    private Object inputVariance;
    private Variable adaptMean;
    private Variable adaptVariance;
    private Variable count;
    private int[] keepAxes;
    private int[] reduceAxes;
    private int[] broadcastShape;
    private int[] builtShape;
    private Tensor mean;
    private Tensor variance;

    public Normalization() {}

    /** The axes that keep their own statistics; none ({@code axis()}) is Keras's {@code axis=None}. */
    public Normalization axis(int... axis) {
        Check.notNull("axis", axis);
        checkUnbuilt("axis");
        this.axis = axis.clone();
        return this;
    }

    public Normalization invert(boolean invert) {
        this.invert = invert;
        return this;
    }

    /**
     * Fixed statistics instead of {@link #adapt}: each a number (broadcast) or a list / {@code double[]}
     * aligned with the last kept axis. The layer then has no weights.
     */
    public Normalization meanAndVariance(Object mean, Object variance) {
        checkUnbuilt("mean and variance");
        Check.argument((mean == null) == (variance == null), "When setting values directly, both `mean` and `variance` must be "
                + "set. Received: mean=" + describe(mean) + " and variance=" + describe(variance));
        if (mean != null) {
            double[] m = values("mean", mean), v = values("variance", variance);
            Check.argument(isScalar(mean) == isScalar(variance) && m.length == v.length, "When setting values directly, `mean` "
                    + "and `variance` must have the same shape. Received: mean " + describe(mean) + " and variance " + describe(variance));
            Check.argument(isScalar(mean) || axis.length >= 1, "The rank of `mean` must be less than or equal to the number of "
                    + "axes (" + axis.length + "). Received: mean " + describe(mean) + " for axis " + Arrays.toString(axis));
        }
        this.inputMean = mean instanceof double[] d ? d.clone() : mean;
        this.inputVariance = variance instanceof double[] d ? d.clone() : variance;
        return this;
    }

    public boolean invert() {
        return invert;
    }

    /** The adapted mean weight (null when the statistics were given or before build). */
    public Variable adaptMean() {
        return adaptMean;
    }

    public Variable adaptVariance() {
        return adaptVariance;
    }

    public Variable count() {
        return count;
    }

    private void checkUnbuilt(String what) {
        if (built()) throw new IllegalStateException("Normalization '" + name() + "': " + what + " cannot change after the layer is built");
    }

    @Override
    protected void build(int[] inputShape) {
        int ndim = inputShape.length;
        int[] keep = new int[axis.length];
        for (int i = 0; i < axis.length; i++) {
            if (axis[i] < -ndim || axis[i] >= ndim) throw new IllegalArgumentException("All `axis` values must be in the range "
                    + "[-ndim, ndim). Received inputs with ndim=" + ndim + ", while axis=" + Arrays.toString(axis));
            keep[i] = axis[i] < 0 ? axis[i] + ndim : axis[i];
        }
        keepAxes = Arrays.stream(keep).distinct().sorted().toArray();
        List<Integer> reduce = new ArrayList<>();
        broadcastShape = new int[ndim];
        int[] statShape = new int[keepAxes.length];
        for (int d = 0, k = 0; d < ndim; d++) {
            if (k < keepAxes.length && keepAxes[k] == d) {
                if (inputShape[d] == NONE) throw new IllegalArgumentException("All `axis` values to be kept must have a known "
                        + "shape. Received axis=" + Arrays.toString(axis) + ", inputs.shape=" + formatShape(inputShape)
                        + ", with unknown axis at index " + d);
                broadcastShape[d] = statShape[k++] = inputShape[d];
            } else {
                broadcastShape[d] = 1;
                reduce.add(d);
            }
        }
        reduceAxes = reduce.stream().mapToInt(Integer::intValue).toArray();
        builtShape = inputShape.clone();
        if (inputMean == null) {
            adaptMean = addWeight("mean", statShape, Initializers.get("zeros"), null, null, false);
            adaptVariance = addWeight("variance", statShape, Initializers.get("ones"), null, null, false);
            count = addWeight("count", new int[0], Initializers.get("zeros"), null, null, false);
        } else {
            mean = given("mean", inputMean, statShape);
            variance = given("variance", inputVariance, statShape);
        }
    }

    /** A given statistic aligned right to left with the kept axes, then broadcast to {@code broadcastShape}. */
    private Tensor given(String what, Object value, int[] statShape) {
        double[] v = values(what, value);
        if (isScalar(value)) return Ops.broadcastTo(Tensor.scalar(v[0]), broadcastShape);
        int last = keepAxes[keepAxes.length - 1];
        Check.argument(v.length == broadcastShape[last] || v.length == 1, "Normalization '" + name() + "': " + what + " has "
                + v.length + " values, which do not broadcast to axis " + last + " of size " + broadcastShape[last]);
        int[] expanded = new int[broadcastShape.length];
        Arrays.fill(expanded, 1);
        expanded[last] = v.length;
        return Ops.broadcastTo(Ops.reshape(Tensor.of(v), expanded), broadcastShape);
    }

    /** Keras's adapt on one array: the mean and (population) variance over every axis but {@code axis}. */
    public Normalization adapt(Tensor data) {
        Check.notNull("data", data);
        return adapt(List.of(data), false);
    }

    /**
     * Keras's adapt on batches (a dataset): each batch's mean and variance merged into the running ones,
     * weighted by its element count, as Keras does for a {@code tf.data.Dataset}.
     */
    public Normalization adapt(Iterable<Tensor> batches) {
        Check.notNull("batches", batches);
        return adapt(batches, true);
    }

    private Normalization adapt(Iterable<Tensor> batches, boolean merge) {
        Check.argument(inputMean == null, "Normalization '" + name() + "': adapt() cannot be used when mean and variance were given");
        Iterator<Tensor> it = batches.iterator();
        Check.argument(it.hasNext(), "adapt() received an empty iterable (no batches). Expected at least one batch.");
        Tensor totalMean = null, totalVar = null;
        long totalCount = 0;
        while (it.hasNext()) {
            Tensor batch = Check.notNull("batch", it.next());
            if (!built()) buildFor(batch.shape().dims());
            else checkAdaptShape(batch);
            // every axis kept: each position is its own sample (numpy's mean over axis=())
            Tensor m = reduceAxes.length == 0 ? batch : Ops.mean(batch, reduceAxes, false);
            Tensor v = reduceAxes.length == 0 ? Tensor.zeros(batch.shape()) : Ops.variance(batch, reduceAxes, false);
            if (!merge) {
                totalMean = m;
                totalVar = v;
                break;
            }
            long n = 1;
            for (int d : reduceAxes) n *= batch.dim(d);
            if (totalMean == null) {
                totalMean = Tensor.zeros(m.shape());
                totalVar = Tensor.zeros(m.shape());
            }
            totalCount += n;
            double batchWeight = (double) n / totalCount, existingWeight = 1 - batchWeight;
            Tensor newMean = Ops.add(Ops.mul(totalMean, existingWeight), Ops.mul(m, batchWeight));
            // lack-of-fit sum of squares, as Keras
            totalVar = Ops.add(Ops.mul(Ops.add(totalVar, Ops.square(Ops.sub(totalMean, newMean))), existingWeight),
                    Ops.mul(Ops.add(v, Ops.square(Ops.sub(m, newMean))), batchWeight));
            totalMean = newMean;
        }
        adaptMean.assign(totalMean);
        adaptVariance.assign(totalVar);
        return this;
    }

    private void checkAdaptShape(Tensor batch) {
        boolean ok = batch.rank() == builtShape.length;
        for (int i = 0; ok && i < keepAxes.length; i++) ok = batch.dim(keepAxes[i]) == builtShape[keepAxes[i]];
        if (!ok) throw new IllegalArgumentException("The layer was built with input_shape=" + formatShape(builtShape)
                + ", but adapt() is being called with data with an incompatible shape, data.shape=" + batch.shape());
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor m = mean, v = variance;
        if (adaptMean != null) {
            m = Ops.reshape(adaptMean.value(), broadcastShape);
            v = Ops.reshape(adaptVariance.value(), broadcastShape);
        }
        if (inputs.rank() != broadcastShape.length) throw new IllegalArgumentException("layer '" + name() + "' was built for "
                + "inputs of rank " + broadcastShape.length + ", got shape " + inputs.shape());
        Tensor scale = Ops.maximum(Ops.sqrt(v), EPSILON);
        return invert ? Ops.add(m, Ops.mul(inputs, scale)) : Ops.div(Ops.sub(inputs, m), scale);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axis", LayerArgs.list(axis), "invert", invert, "mean", configValue(inputMean),
                "variance", configValue(inputVariance));
    }

    public static Normalization fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Normalization", config);
        Normalization layer = new Normalization();
        if (!config.containsKey("axis")) layer.axis(-1);
        else layer.axis(LayerArgs.ints(r, "axis", new int[0]));
        layer.invert(r.getBoolean("invert", false));
        Object m = r.get("mean"), v = r.get("variance");
        if (m != null || v != null) layer.meanAndVariance(m, v);
        readBase(layer, r);
        r.done();
        return layer;
    }

    private static boolean isScalar(Object value) {
        return value instanceof Number;
    }

    private static double[] values(String what, Object value) {
        if (value instanceof Number n) return new double[] {n.doubleValue()};
        if (value instanceof double[] d) return d.clone();
        if (value instanceof float[] f) {
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) out[i] = f[i];
            return out;
        }
        if (value instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) throw new IllegalArgumentException(what + " must be a number or a flat list "
                        + "of numbers, got " + value);
                out[i] = n.doubleValue();
            }
            return out;
        }
        throw new IllegalArgumentException(what + " must be a number, a double[] or a list of numbers, got " + describe(value));
    }

    private static Object configValue(Object value) {
        if (value == null || value instanceof Number) return value == null ? null : ((Number) value).doubleValue();
        List<Double> out = new ArrayList<>();
        for (double d : values("value", value)) out.add(d);
        return out;
    }

    private static String describe(Object value) {
        if (value instanceof double[] d) return Arrays.toString(d);
        if (value instanceof float[] f) return Arrays.toString(f);
        return String.valueOf(value);
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
