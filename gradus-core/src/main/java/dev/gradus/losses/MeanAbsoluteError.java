package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.aligned;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

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
        return compute(a[0], a[1]);
    }

    /** mean(|y_true - y_pred|) over the last axis. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor[] a = aligned("mean_absolute_error", yTrue, yPred);
        return Ops.mean(Ops.abs(Ops.sub(a[0], a[1])), -1);
    }
}
