package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code mean(max(1 - y_true * y_pred, 0)^2)}; labels in {0, 1} are read as -1/1. */
public class SquaredHinge extends FluentLoss<SquaredHinge> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<SquaredHinge> ARGS = KerasArgs.of(SquaredHinge.class, SquaredHinge::new);

    public SquaredHinge() {
        super("squared_hinge");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.squaredHinge(a[0], a[1]);
    }
}
