package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * A {@link Mean} of the per-sample values of a function {@code (yTrue, yPred) -> values}, with
 * sample weights: how Keras turns a plain function in {@code metrics=[...]} into a metric, and the
 * base of every metric that is "the mean of a formula" (accuracies, errors, crossentropies).
 *
 * <p>A subclass writes its formula in {@link #values}; a user passes a {@link MetricFunction}, or
 * the name of a registered one ({@link #of}, {@link Metrics#registerFunction}), which is what makes the config
 * round-trip.
 */
public class MeanMetricWrapper extends Reduce {
    private final MetricFunction fn;
    private final String fnName;
    private final Direction direction;

    /** Wraps a function; the metric's default name is {@code mean_metric_wrapper} made unique. */
    public MeanMetricWrapper(MetricFunction fn) {
        this(null, Check.notNull("fn", fn), null, Direction.NONE);
    }

    /**
     * Wraps the metric function registered under {@code fnName} (Keras's metric functions such as
     * {@code "binary_accuracy"}, the losses' functions, or a user's); the name goes into the config.
     */
    public static MeanMetricWrapper of(String fnName) {
        return new MeanMetricWrapper(null, Metrics.function(fnName), fnName,
                Metrics.isLossFunction(fnName) ? Direction.DOWN : Direction.NONE);
    }

    /** For subclasses, which override {@link #values}. */
    protected MeanMetricWrapper(String name) {
        this(name, null, null, Direction.NONE);
    }

    /** For the built-in subclasses, which override {@link #values} and say which way is better. */
    MeanMetricWrapper(String name, Direction direction) {
        this(name, null, null, direction);
    }

    MeanMetricWrapper(String name, MetricFunction fn, String fnName, Direction direction) {
        super(name, true);
        this.fn = fn;
        this.fnName = fnName;
        this.direction = direction;
    }

    /** The per-sample (or per-element) values of one batch; the mean is taken over every update. */
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return fn.call(yTrue, yPred);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String who = getClass().getSimpleName();
        CoreShapes.require(who, "yTrue", yTrue);
        CoreShapes.require(who, "yPred", yPred);
        accumulate(values(yTrue, yPred), sampleWeight);
    }

    /** DOWN when the wrapped function is a loss, as Keras marks a wrapped loss; built-in subclasses give theirs to the constructor. */
    @Override
    public Direction direction() {
        return direction;
    }

    /** {@code name}, {@code dtype} and, when the function was given by name, {@code fn}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        return fnName == null ? config : Config.with(config, "fn", fnName);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public MeanMetricWrapper name(String name) {
        super.name(name);
        return this;
    }
}
