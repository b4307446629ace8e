package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code mean(log(cosh(y_pred - y_true)))}: quadratic for small errors, linear for large ones. */
public class LogCosh extends FluentLoss<LogCosh> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<LogCosh> ARGS = KerasArgs.of(LogCosh.class, LogCosh::new);

    public LogCosh() {
        super("log_cosh");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.logCosh(a[0], a[1]);
    }
}
