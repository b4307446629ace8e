package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

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
        return Losses.meanSquaredLogarithmicError(a[0], a[1]);
    }
}
