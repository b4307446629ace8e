package dev.gradus.metrics;

import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;

/**
 * The shared machinery of {@link Mean}, {@link Sum} and {@link MeanMetricWrapper}: Keras's
 * {@code reduce_to_samplewise_values} followed by a running {@code total} (and, for means, a
 * {@code count} of samples or of their weights).
 *
 * <p>With a sample weight, values and weight are first aligned in rank, values with more axes
 * than the weight are reduced over the extra trailing axes, the weight is broadcast and multiplied
 * in, and a weight of rank above 1 is reduced over its axes after the first. So a scalar weight
 * {@code w} counts the whole batch as {@code w} samples, as in Keras.
 */
public abstract class Reduce extends Metric {
    private final boolean mean;
    private final Variable total;
    private final Variable count;

    /** @param mean true for a mean (values reduced by mean, weights counted), false for a sum */
    protected Reduce(String name, boolean mean) {
        super(name);
        this.mean = mean;
        this.total = addVariable("total", Shape.scalar());
        this.count = mean ? addVariable("count", Shape.scalar()) : null;
    }

    /** Folds one batch of values (and optional weights) into the state. */
    protected final void accumulate(Tensor values, Tensor sampleWeight) {
        String who = getClass().getSimpleName();
        CoreShapes.require(who, "values", values);
        Tensor weight = sampleWeight;
        if (weight != null) {
            Tensor[] aligned = Ops.squeezeOrExpandToSameRank(values, weight, true);
            values = aligned[0];
            weight = aligned[1];
            int weightRank = weight.rank();
            if (values.rank() > weightRank) values = reduce(values, CoreShapes.axesFrom(weightRank, values.rank()));
            weight = CoreShapes.broadcastWeight(who, weight, values.shape());
            values = Ops.mul(values, weight);
            if (weightRank > 1) weight = reduce(weight, CoreShapes.axesFrom(1, weightRank));
        }
        if (values.rank() > 1) values = reduce(values, CoreShapes.axesFrom(1, values.rank()));
        total.assignAdd(Ops.sum(values));
        if (mean) {
            double samples = weight != null ? Ops.sum(weight).item() : values.rank() >= 1 ? values.dim(0) : 1;
            count.assignAdd(Tensor.scalar(samples));
        }
    }

    private Tensor reduce(Tensor x, int[] axes) {
        return mean ? Ops.mean(x, axes, false) : Ops.sum(x, axes, false);
    }

    /** {@code total / count} (0 when nothing was counted) for a mean; {@code total} for a sum. */
    @Override
    public Tensor result() {
        float t = total.value().item();
        if (!mean) return Tensor.scalar(t);
        float c = count.value().item();
        return Tensor.scalar(c == 0 ? 0f : t / c);
    }
}
