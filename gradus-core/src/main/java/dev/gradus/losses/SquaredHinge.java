package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.oneMinus;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

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
        return compute(a[0], a[1]);
    }

    /** mean(max(1 - y_true * y_pred, 0)^2) over the last axis, with hinge's label conversion. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor t = Hinge.hingeLabels("squared_hinge", yTrue, yPred);
        return Ops.mean(Ops.square(Ops.maximum(oneMinus(Ops.mul(t, yPred)), 0.0)), -1);
    }
}
