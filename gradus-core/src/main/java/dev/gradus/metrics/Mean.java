package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;

/**
 * The (weighted) mean of the values given to {@link #updateState(Tensor, Tensor)}: {@code [1, 3, 5, 7]}
 * gives 4, and with weights {@code [1, 1, 0, 0]} gives 2. Each sample's values are averaged first,
 * so an {@code (N, k)} batch counts as {@code N} samples.
 */
public class Mean extends ValuesReduce {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Mean> ARGS = KerasArgs.of(Mean.class, Mean::new);

    public Mean() {
        super("mean", true);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public Mean name(String name) {
        super.name(name);
        return this;
    }
}
