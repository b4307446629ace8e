package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** Lin's concordance correlation along {@code axis} for each sample, averaged over samples. */
public class ConcordanceCorrelation extends MeanMetricWrapper {
    private int axis = -1;

    public ConcordanceCorrelation() {
        super("concordance_correlation");
    }

    /** The axis the per-sample value is computed along. Default -1. */
    public ConcordanceCorrelation axis(int axis) {
        this.axis = axis;
        return this;
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return CoreFunctions.concordanceCorrelation(yTrue, yPred, axis);
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
