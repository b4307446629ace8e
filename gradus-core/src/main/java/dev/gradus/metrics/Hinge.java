package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** The hinge loss {@code mean(max(1 - yTrue * yPred, 0))}; labels that are all 0 or 1 become -1 and 1. */
public class Hinge extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Hinge> ARGS = KerasArgs.of(Hinge.class, Hinge::new);

    public Hinge() {
        super("hinge", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.hinge(yTrue, yPred);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public Hinge name(String name) {
        super.name(name);
        return this;
    }
}
