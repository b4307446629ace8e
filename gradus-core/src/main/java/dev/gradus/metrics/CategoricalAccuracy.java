package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;

/** How often {@code argmax(yPred)} matches the one-hot label's class (logits work as well as probabilities). */
public class CategoricalAccuracy extends MeanMetricWrapper {
    public CategoricalAccuracy() {
        super("categorical_accuracy", Direction.UP);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return CoreFunctions.categoricalAccuracy(yTrue, yPred);
    }
}
