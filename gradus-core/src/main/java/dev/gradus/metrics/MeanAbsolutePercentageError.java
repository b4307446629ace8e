package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** {@code 100 * mean(|yTrue - yPred| / max(|yTrue|, 1e-7))}: a label of 0 divides by 1e-7, as in Keras. */
public class MeanAbsolutePercentageError extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<MeanAbsolutePercentageError> ARGS = KerasArgs.of(MeanAbsolutePercentageError.class, MeanAbsolutePercentageError::new)
            .aliases("mape", "MAPE");

    public MeanAbsolutePercentageError() {
        super("mean_absolute_percentage_error", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.meanAbsolutePercentageError(yTrue, yPred);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public MeanAbsolutePercentageError name(String name) {
        super.name(name);
        return this;
    }
}
