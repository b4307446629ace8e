package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code mean(max(1 - y_true * y_pred, 0))}; labels in {0, 1} are read as -1/1. */
public class Hinge extends FluentLoss<Hinge> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Hinge> ARGS = KerasArgs.of(Hinge.class, Hinge::new);

    public Hinge() {
        super("hinge");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.hinge(a[0], a[1]);
    }
}
