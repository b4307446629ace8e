package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code 100 * mean(|y_true - y_pred| / max(|y_true|, eps))} over the last axis. */
public class MeanAbsolutePercentageError extends FluentLoss<MeanAbsolutePercentageError> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<MeanAbsolutePercentageError> ARGS = KerasArgs.of(MeanAbsolutePercentageError.class, MeanAbsolutePercentageError::new);

    public MeanAbsolutePercentageError() {
        super("mean_absolute_percentage_error");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.meanAbsolutePercentageError(a[0], a[1]);
    }
}
