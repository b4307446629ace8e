package dev.gradus.losses;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)} over one-hot labels. */
public class CategoricalHinge extends FluentLoss<CategoricalHinge> {
    public CategoricalHinge() {
        super("categorical_hinge");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.categoricalHinge(a[0], a[1]);
    }

    public static CategoricalHinge fromConfig(Map<String, Object> config) {
        return fromBaseConfig(new CategoricalHinge(), config, Config.read("CategoricalHinge", config));
    }
}
