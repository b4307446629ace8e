package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** The categorical hinge loss {@code max(max((1 - yTrue) * yPred) - sum(yTrue * yPred) + 1, 0)}. */
public class CategoricalHinge extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CategoricalHinge> ARGS = KerasArgs.of(CategoricalHinge.class, CategoricalHinge::new);

    public CategoricalHinge() {
        super("categorical_hinge", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.categoricalHinge(yTrue, yPred);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public CategoricalHinge name(String name) {
        super.name(name);
        return this;
    }
}
