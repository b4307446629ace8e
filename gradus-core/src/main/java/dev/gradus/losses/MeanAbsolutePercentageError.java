package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;
import static dev.gradus.losses.LossSupport.aligned;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

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
        return compute(a[0], a[1]);
    }

    /** 100 * mean(|y_true - y_pred| / max(|y_true|, epsilon)) over the last axis. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor[] a = aligned("mean_absolute_percentage_error", yTrue, yPred);
        Tensor diff = Ops.abs(Ops.div(Ops.sub(a[0], a[1]), Ops.maximum(Ops.abs(a[0]), EPSILON)));
        return Ops.mul(Ops.mean(diff, -1), 100.0);
    }
}
