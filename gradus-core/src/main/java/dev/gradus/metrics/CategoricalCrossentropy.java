package dev.gradus.metrics;

import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Categorical crossentropy of one-hot labels, averaged over samples. Probability rows are divided
 * by their sum and clipped to [1e-7, 1 - 1e-7] first, as in Keras.
 */
public class CategoricalCrossentropy extends MeanMetricWrapper {
    private boolean fromLogits = false;
    private double labelSmoothing = 0;
    private int axis = -1;

    public CategoricalCrossentropy() {
        super("categorical_crossentropy", Direction.DOWN);
    }

    /** Whether {@code yPred} holds logits rather than probabilities. Default false. */
    public CategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** In [0, 1]: labels become {@code y (1 - ls) + ls / classes}. Default 0. */
    public CategoricalCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = Check.inRange("CategoricalCrossentropy: labelSmoothing", labelSmoothing, 0, 1);
        return this;
    }

    /** The class axis. Default -1. */
    public CategoricalCrossentropy axis(int axis) {
        this.axis = axis;
        return this;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.categoricalCrossentropy(yTrue, yPred, fromLogits, labelSmoothing, axis);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "from_logits", fromLogits, "label_smoothing", labelSmoothing, "axis", axis);
    }
}
