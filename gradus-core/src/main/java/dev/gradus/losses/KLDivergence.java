package dev.gradus.losses;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** Kullback-Leibler divergence {@code sum(y_true * log(y_true / y_pred))}, both clipped to [eps, 1]. */
public class KLDivergence extends FluentLoss<KLDivergence> {
    public KLDivergence() {
        super("kl_divergence");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.klDivergence(a[0], a[1]);
    }

    public static KLDivergence fromConfig(Map<String, Object> config) {
        return fromBaseConfig(new KLDivergence(), config, Config.read("KLDivergence", config));
    }
}
