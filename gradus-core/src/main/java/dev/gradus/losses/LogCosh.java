package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.aligned;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

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
        return compute(a[0], a[1]);
    }

    /** mean(log(cosh(y_pred - y_true))) over the last axis, computed as e + softplus(-2e) - log 2. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor[] a = aligned("log_cosh", yTrue, yPred);
        Tensor e = Ops.sub(a[1], a[0]);
        Tensor logCosh = Ops.sub(Ops.add(e, Ops.softplus(Ops.mul(e, -2.0))), (float) Math.log(2.0));
        return Ops.mean(logCosh, -1);
    }
}
