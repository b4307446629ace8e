package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

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
        return Losses.klDivergence(a[0], a[1]);
    }
}
