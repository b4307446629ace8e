package dev.gradus.metrics;

import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** The squared hinge loss {@code mean(max(1 - yTrue * yPred, 0)^2)}, with hinge's label conversion. */
public class SquaredHinge extends MeanMetricWrapper {
    public SquaredHinge() {
        super("squared_hinge", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.squaredHinge(yTrue, yPred);
    }
}
