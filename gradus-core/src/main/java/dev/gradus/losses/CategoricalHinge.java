package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.oneMinus;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

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
        return compute(a[0], a[1]);
    }

    /** max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0) over the last axis. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        LossSupport.checkPair("categorical_hinge", yTrue, yPred);
        Tensor pos = Ops.sum(Ops.mul(yTrue, yPred), -1);
        Tensor neg = Ops.max(Ops.mul(oneMinus(yTrue), yPred), -1);
        return Ops.maximum(Ops.add(Ops.sub(neg, pos), 1.0), 0.0);
    }
}
