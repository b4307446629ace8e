package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.aligned;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/** Quadratic for errors up to delta, linear beyond: robust to outliers. */
public class Huber extends FluentLoss<Huber> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Huber> ARGS = KerasArgs.of(Huber.class, Huber::new)
            .real("delta", Huber::delta, Huber::delta);

    private double delta = 1.0;

    public Huber() {
        super("huber_loss");
    }

    /** Where the loss changes from quadratic to linear; >= 0. */
    public Huber delta(double delta) {
        this.delta = checkDelta(delta);
        return this;
    }

    public double delta() { return delta; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1], delta);
    }

    /** mean over the last axis of 0.5 e^2 where |e| <= delta, else delta |e| - 0.5 delta^2; e = y_pred - y_true. */
    static Tensor compute(Tensor yTrue, Tensor yPred, double delta) {
        checkDelta(delta);
        Tensor[] a = aligned("huber", yTrue, yPred);
        Tensor error = Ops.sub(a[1], a[0]);
        Tensor absError = Ops.abs(error);
        Tensor d = Tensor.scalar(delta);
        Tensor quadratic = Ops.mul(Ops.square(error), 0.5);
        Tensor linear = Ops.sub(Ops.mul(absError, d), Ops.mul(Ops.square(d), 0.5));
        return Ops.mean(Ops.where(Ops.lessEqual(absError, d), quadratic, linear), -1);
    }

    static double checkDelta(double delta) {
        if (!(delta >= 0) || Double.isInfinite(delta))
            throw new IllegalArgumentException("delta must be a finite number >= 0, got " + delta);
        return delta;
    }
}
