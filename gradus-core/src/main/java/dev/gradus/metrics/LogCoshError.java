package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** The mean of {@code log(cosh(yPred - yTrue))}; Keras names it {@code logcosh}. */
public class LogCoshError extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<LogCoshError> ARGS = KerasArgs.of(LogCoshError.class, LogCoshError::new);

    public LogCoshError() {
        super("logcosh", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.logCosh(yTrue, yPred);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public LogCoshError name(String name) {
        super.name(name);
        return this;
    }
}
