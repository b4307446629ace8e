package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/** Kullback-Leibler divergence {@code sum(y_true * log(y_true / y_pred))}, both clipped to [eps, 1]. */
public class KLDivergence extends FluentLoss<KLDivergence> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<KLDivergence> ARGS = KerasArgs.of(KLDivergence.class, KLDivergence::new);

    public KLDivergence() {
        super("kl_divergence");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1]);
    }

    /** sum(y_true * log(y_true / y_pred)) over the last axis, both clipped to [eps, 1]. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        LossSupport.checkPair("kl_divergence", yTrue, yPred);
        Tensor t = Ops.clip(yTrue, EPSILON, 1);
        Tensor p = Ops.clip(yPred, EPSILON, 1);
        return Ops.sum(Ops.mul(t, Ops.log(Ops.div(t, p))), -1);
    }
}
