package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.aligned;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/** Mean of squared errors over the last axis: {@code mean((y_true - y_pred)^2)}. */
public class MeanSquaredError extends FluentLoss<MeanSquaredError> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<MeanSquaredError> ARGS = KerasArgs.of(MeanSquaredError.class, MeanSquaredError::new);

    public MeanSquaredError() {
        super("mean_squared_error");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1]);
    }

    /** mean((y_true - y_pred)^2) over the last axis. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor[] a = aligned("mean_squared_error", yTrue, yPred);
        return Ops.mean(Ops.square(Ops.sub(a[0], a[1])), -1);
    }
}
