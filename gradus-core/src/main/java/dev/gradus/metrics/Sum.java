package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;

/** The (weighted) sum of the values given to {@link #updateState(Tensor, Tensor)}. */
public class Sum extends ValuesReduce {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Sum> ARGS = KerasArgs.of(Sum.class, Sum::new);

    public Sum() {
        super("sum", false);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public Sum name(String name) {
        super.name(name);
        return this;
    }
}
