package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** The mean of {@code (log(1 + yPred) - log(1 + yTrue))^2}, both clamped at 1e-7 first. */
public class MeanSquaredLogarithmicError extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<MeanSquaredLogarithmicError> ARGS = KerasArgs.of(MeanSquaredLogarithmicError.class, MeanSquaredLogarithmicError::new)
            .aliases("msle", "MSLE");

    public MeanSquaredLogarithmicError() {
        super("mean_squared_logarithmic_error", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.meanSquaredLogarithmicError(yTrue, yPred);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public MeanSquaredLogarithmicError name(String name) {
        super.name(name);
        return this;
    }
}
