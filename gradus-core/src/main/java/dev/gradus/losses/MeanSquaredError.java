package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

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
        return Losses.meanSquaredError(a[0], a[1]);
    }
}
