package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;

/** How often {@code argmax(yPred)} equals the integer label ({@code (N,)} or {@code (N, 1)}). */
public class SparseCategoricalAccuracy extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<SparseCategoricalAccuracy> ARGS = KerasArgs.of(SparseCategoricalAccuracy.class, SparseCategoricalAccuracy::new);

    public SparseCategoricalAccuracy() {
        super("sparse_categorical_accuracy", Direction.UP);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return CoreFunctions.sparseCategoricalAccuracy(yTrue, yPred);
    }
}
