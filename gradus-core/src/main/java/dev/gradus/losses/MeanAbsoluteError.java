package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** Mean of absolute errors over the last axis: {@code mean(|y_true - y_pred|)}. */
public class MeanAbsoluteError extends FluentLoss<MeanAbsoluteError> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<MeanAbsoluteError> ARGS = KerasArgs.of(MeanAbsoluteError.class, MeanAbsoluteError::new);

    public MeanAbsoluteError() {
        super("mean_absolute_error");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.meanAbsoluteError(a[0], a[1]);
    }
}
