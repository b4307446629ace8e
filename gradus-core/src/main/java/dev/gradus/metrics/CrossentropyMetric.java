package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The arguments shared by the {@link BinaryCrossentropy} and {@link CategoricalCrossentropy}
 * metrics: {@code from_logits} and {@code label_smoothing}, their setters, getters and config. A
 * subclass writes its formula in {@link #values}; the crossentropies are minimised.
 */
abstract class CrossentropyMetric<M extends CrossentropyMetric<M>> extends MeanMetricWrapper {
    /** Keras's arguments its subclasses share, declared once for all of them. */
    @SuppressWarnings("rawtypes")
    static final KerasArgs<CrossentropyMetric> ARGS = KerasArgs.shared(CrossentropyMetric.class)
            .bool("from_logits", CrossentropyMetric::fromLogits, CrossentropyMetric::fromLogits)
            .real("label_smoothing", CrossentropyMetric::labelSmoothing, CrossentropyMetric::labelSmoothing);

    private final String className;
    boolean fromLogits = false;
    double labelSmoothing = 0;

    CrossentropyMetric(String name, String className) {
        super(name, Direction.DOWN);
        this.className = className;
    }

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }

    /** Whether {@code yPred} holds logits rather than probabilities. Default false. */
    public M fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return self();
    }

    /**
     * In [0, 1]: labels move towards uniform, {@code y (1 - ls) + ls / 2} for binary labels,
     * {@code y (1 - ls) + ls / classes} for categorical ones. Default 0.
     */
    public M labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = Check.inRange(className + ": labelSmoothing", labelSmoothing, 0, 1);
        return self();
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }
}
