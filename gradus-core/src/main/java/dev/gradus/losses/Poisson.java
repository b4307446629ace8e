package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

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
        return Losses.poisson(a[0], a[1]);
    }
}
