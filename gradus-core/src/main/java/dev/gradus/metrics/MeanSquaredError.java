package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** The mean of {@code (yTrue - yPred)^2} over the last axis, averaged over samples. */
public class MeanSquaredError extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<MeanSquaredError> ARGS = KerasArgs.of(MeanSquaredError.class, MeanSquaredError::new)
            .aliases("mse", "MSE");

    public MeanSquaredError() {
        super("mean_squared_error", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.meanSquaredError(yTrue, yPred);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public MeanSquaredError name(String name) {
        super.name(name);
        return this;
    }
}
