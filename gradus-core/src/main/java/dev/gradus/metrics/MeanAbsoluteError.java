package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** The mean of {@code |yTrue - yPred|} over the last axis, averaged over samples. */
public class MeanAbsoluteError extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<MeanAbsoluteError> ARGS = KerasArgs.of(MeanAbsoluteError.class, MeanAbsoluteError::new)
            .aliases("mae", "MAE");

    public MeanAbsoluteError() {
        super("mean_absolute_error", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.meanAbsoluteError(yTrue, yPred);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public MeanAbsoluteError name(String name) {
        super.name(name);
        return this;
    }
}
