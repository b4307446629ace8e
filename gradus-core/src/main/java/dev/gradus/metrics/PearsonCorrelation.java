package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Pearson's correlation between {@code yTrue} and {@code yPred} along {@code axis} for each sample
 * (population standard deviations), averaged over samples.
 */
public class PearsonCorrelation extends MeanMetricWrapper {
    private int axis = -1;

    public PearsonCorrelation() {
        super("pearson_correlation");
    }

    /** The axis the per-sample value is computed along. Default -1. */
    public PearsonCorrelation axis(int axis) {
        this.axis = axis;
        return this;
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return CoreFunctions.pearsonCorrelation(yTrue, yPred, axis);
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axis", axis);
    }
}
