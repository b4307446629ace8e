package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;

/** The (weighted) sum of the values given to {@link #updateState(Tensor, Tensor)}. */
public class Sum extends ValuesReduce {
    public Sum() {
        super("sum", false);
    }
}
