package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)} over one-hot labels. */
public class CategoricalHinge extends FluentLoss<CategoricalHinge> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CategoricalHinge> ARGS = KerasArgs.of(CategoricalHinge.class, CategoricalHinge::new);

    public CategoricalHinge() {
        super("categorical_hinge");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.categoricalHinge(a[0], a[1]);
    }
}
