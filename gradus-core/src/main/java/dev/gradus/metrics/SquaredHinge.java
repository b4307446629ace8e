package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** The squared hinge loss {@code mean(max(1 - yTrue * yPred, 0)^2)}, with hinge's label conversion. */
public class SquaredHinge extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<SquaredHinge> ARGS = KerasArgs.of(SquaredHinge.class, SquaredHinge::new);

    public SquaredHinge() {
        super("squared_hinge", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.squaredHinge(yTrue, yPred);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public SquaredHinge name(String name) {
        super.name(name);
        return this;
    }
}
