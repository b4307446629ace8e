package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;
import static dev.gradus.losses.LossSupport.aligned;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/** {@code mean((log(y_pred + 1) - log(y_true + 1))^2)} over the last axis, both clamped at eps first. */
public class MeanSquaredLogarithmicError extends FluentLoss<MeanSquaredLogarithmicError> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<MeanSquaredLogarithmicError> ARGS = KerasArgs.of(MeanSquaredLogarithmicError.class, MeanSquaredLogarithmicError::new);

    public MeanSquaredLogarithmicError() {
        super("mean_squared_logarithmic_error");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1]);
    }

    /** mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))^2) over the last axis. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor[] a = aligned("mean_squared_logarithmic_error", yTrue, yPred);
        Tensor first = Ops.log(Ops.add(Ops.maximum(a[1], EPSILON), 1.0));
        Tensor second = Ops.log(Ops.add(Ops.maximum(a[0], EPSILON), 1.0));
        return Ops.mean(Ops.square(Ops.sub(first, second)), -1);
    }
}
