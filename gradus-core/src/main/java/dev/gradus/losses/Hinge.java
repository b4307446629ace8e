package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.oneMinus;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

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
        return compute(a[0], a[1]);
    }

    /** mean(max(1 - y_true * y_pred, 0)) over the last axis; 0/1 labels become -1/1 when all labels are 0 or 1. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor t = hingeLabels("hinge", yTrue, yPred);
        return Ops.mean(Ops.maximum(oneMinus(Ops.mul(t, yPred)), 0.0), -1);
    }

    static Tensor hingeLabels(String fn, Tensor yTrue, Tensor yPred) {
        LossSupport.checkPair(fn, yTrue, yPred);
        for (float v : yTrue.unsafeBuffer()) if (v != 0 && v != 1) return yTrue;
        return Ops.sub(Ops.mul(yTrue, 2.0), 1.0);
    }
}
