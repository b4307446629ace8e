package dev.gradus.losses;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code mean(y_pred - y_true * log(y_pred + eps))}, for count targets. */
public class Poisson extends FluentLoss<Poisson> {
    public Poisson() {
        super("poisson");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.poisson(a[0], a[1]);
    }

    public static Poisson fromConfig(Map<String, Object> config) {
        return fromBaseConfig(new Poisson(), config, Config.read("Poisson", config));
    }
}
