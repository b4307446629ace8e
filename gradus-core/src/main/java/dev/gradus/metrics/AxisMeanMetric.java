package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The mean over samples of a per-sample value computed along {@code axis} that is better when
 * higher ({@link CosineSimilarity}, {@link PearsonCorrelation}, {@link ConcordanceCorrelation}):
 * the {@code axis} argument, its config, and direction UP. A subclass gives its function.
 */
abstract class AxisMeanMetric<M extends AxisMeanMetric<M>> extends MeanMetricWrapper {
    /** Keras's arguments its subclasses share, declared once for all of them. */
    @SuppressWarnings("rawtypes")
    static final KerasArgs<AxisMeanMetric> ARGS = KerasArgs.shared(AxisMeanMetric.class)
            .integer("axis", AxisMeanMetric::axis, AxisMeanMetric::axis);

    /** A per-sample function along an axis, such as {@link CoreFunctions#cosineSimilarity}. */
    interface AlongAxis {
        Tensor apply(Tensor yTrue, Tensor yPred, int axis);
    }

    private final AlongAxis fn;
    private int axis = -1;

    AxisMeanMetric(String name, AlongAxis fn) {
        super(name, Direction.UP);
        this.fn = fn;
    }

    /** The axis the per-sample value is computed along. Default -1. */
    @SuppressWarnings("unchecked")
    public M axis(int axis) {
        this.axis = axis;
        return (M) this;
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return fn.apply(yTrue, yPred, axis);
    }
}
