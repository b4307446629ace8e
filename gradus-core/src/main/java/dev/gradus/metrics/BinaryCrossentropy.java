package dev.gradus.metrics;

import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Binary crossentropy averaged over samples. Probabilities are clipped to [1e-7, 1 - 1e-7] in
 * float32, as in Keras (so a confident wrong prediction costs 15.94, not 16.12).
 */
public class BinaryCrossentropy extends MeanMetricWrapper {
    private boolean fromLogits = false;
    private double labelSmoothing = 0;

    public BinaryCrossentropy() {
        super("binary_crossentropy", Direction.DOWN);
    }

    /** Whether {@code yPred} holds logits rather than probabilities. Default false. */
    public BinaryCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** In [0, 1]: labels become {@code y (1 - ls) + ls / 2}. Default 0. */
    public BinaryCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = Check.inRange("BinaryCrossentropy: labelSmoothing", labelSmoothing, 0, 1);
        return this;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.binaryCrossentropy(yTrue, yPred, fromLogits, labelSmoothing, -1);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "from_logits", fromLogits, "label_smoothing", labelSmoothing);
    }
}
