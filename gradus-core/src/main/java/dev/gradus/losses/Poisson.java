package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/** {@code mean(y_pred - y_true * log(y_pred + eps))}, for count targets. */
public class Poisson extends FluentLoss<Poisson> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Poisson> ARGS = KerasArgs.of(Poisson.class, Poisson::new);

    public Poisson() {
        super("poisson");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1]);
    }

    /** mean(y_pred - y_true * log(y_pred + eps)) over the last axis. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        LossSupport.checkPair("poisson", yTrue, yPred);
        return Ops.mean(Ops.sub(yPred, Ops.mul(yTrue, Ops.log(Ops.add(yPred, EPSILON)))), -1);
    }
}
