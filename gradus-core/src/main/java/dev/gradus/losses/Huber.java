package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

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
        this.delta = Losses.checkDelta(delta);
        return this;
    }

    public double delta() { return delta; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.huber(a[0], a[1], delta);
    }
}
