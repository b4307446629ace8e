package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** The Poisson loss {@code mean(yPred - yTrue * log(yPred + 1e-7))}. */
public class Poisson extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Poisson> ARGS = KerasArgs.of(Poisson.class, Poisson::new);

    public Poisson() {
        super("poisson", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.poisson(yTrue, yPred);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public Poisson name(String name) {
        super.name(name);
        return this;
    }
}
