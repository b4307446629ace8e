package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;

/**
 * The (weighted) mean of the values given to {@link #updateState(Tensor, Tensor)}: {@code [1, 3, 5, 7]}
 * gives 4, and with weights {@code [1, 1, 0, 0]} gives 2. Each sample's values are averaged first,
 * so an {@code (N, k)} batch counts as {@code N} samples.
 */
public class Mean extends Reduce {
    public Mean() {
        super("mean", true);
    }

    public void updateState(Tensor values) {
        accumulate(values, null);
    }

    /** Keras's {@code update_state(values, sample_weight)}; {@code sampleWeight} may be null. */
    @Override
    public void updateState(Tensor values, Tensor sampleWeight) {
        accumulate(values, sampleWeight);
    }

    /** A {@code Mean} has no {@code (yTrue, yPred)} form: it is given values. */
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
