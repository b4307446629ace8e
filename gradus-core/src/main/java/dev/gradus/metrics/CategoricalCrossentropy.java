package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Categorical crossentropy of one-hot labels, averaged over samples. Probability rows are divided
 * by their sum and clipped to [1e-7, 1 - 1e-7] first, as in Keras.
 */
public class CategoricalCrossentropy extends CrossentropyMetric<CategoricalCrossentropy> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CategoricalCrossentropy> ARGS = KerasArgs.of(CategoricalCrossentropy.class, CategoricalCrossentropy::new)
            .integer("axis", CategoricalCrossentropy::axis, CategoricalCrossentropy::axis);

    private int axis = -1;

    public CategoricalCrossentropy() {
        super("categorical_crossentropy", "CategoricalCrossentropy");
    }

    /** The class axis. Default -1. */
    public CategoricalCrossentropy axis(int axis) {
        this.axis = axis;
        return this;
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.categoricalCrossentropy(yTrue, yPred, fromLogits, labelSmoothing, axis);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public CategoricalCrossentropy name(String name) {
        super.name(name);
        return this;
    }
}
