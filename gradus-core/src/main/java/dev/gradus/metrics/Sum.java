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
}
