package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;

/** The (weighted) sum of the values given to {@link #updateState(Tensor, Tensor)}. */
public class Sum extends Reduce {
    public Sum() {
        super("sum", false);
    }

    public void updateState(Tensor values) {
        accumulate(values, null);
    }

    /** Keras's {@code update_state(values, sample_weight)}; {@code sampleWeight} may be null. */
    @Override
    public void updateState(Tensor values, Tensor sampleWeight) {
        accumulate(values, sampleWeight);
    }

    /** A {@code Sum} has no {@code (yTrue, yPred)} form: it is given values. */
    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        throw new IllegalArgumentException(getClass().getSimpleName()
                + " takes updateState(values) or updateState(values, sampleWeight), not (yTrue, yPred, sampleWeight)");
    }

    public Tensor call(Tensor values) {
        updateState(values);
        return result();
    }

    @Override
    public Tensor call(Tensor values, Tensor sampleWeight) {
        updateState(values, sampleWeight);
        return result();
    }
}
