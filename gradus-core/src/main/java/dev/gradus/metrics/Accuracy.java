package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;

/** How often predictions equal labels, elementwise (for class ids; see {@link BinaryAccuracy} for probabilities). */
public class Accuracy extends MeanMetricWrapper {
    public Accuracy() {
        super("accuracy", Direction.UP);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return CoreFunctions.accuracy(yTrue, yPred);
    }
}
