package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;

/**
 * The values-based API shared by {@link Mean} and {@link Sum}, Keras's {@code update_state(values,
 * sample_weight)}: these metrics are given values, not {@code (yTrue, yPred)}.
 */
abstract class ValuesReduce extends Reduce {
    ValuesReduce(String name, boolean mean) {
        super(name, mean);
    }

    public void updateState(Tensor values) {
        accumulate(values, null);
    }

    /** Keras's {@code update_state(values, sample_weight)}; {@code sampleWeight} may be null. */
    @Override
    public void updateState(Tensor values, Tensor sampleWeight) {
        accumulate(values, sampleWeight);
    }

    /** There is no {@code (yTrue, yPred)} form: the metric is given values. */
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
