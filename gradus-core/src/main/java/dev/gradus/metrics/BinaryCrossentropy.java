package dev.gradus.metrics;

import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/**
 * Binary crossentropy averaged over samples. Probabilities are clipped to [1e-7, 1 - 1e-7] in
 * float32, as in Keras (so a confident wrong prediction costs 15.94, not 16.12).
 */
public class BinaryCrossentropy extends CrossentropyMetric<BinaryCrossentropy> {
    public BinaryCrossentropy() {
        super("binary_crossentropy", "BinaryCrossentropy");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.binaryCrossentropy(yTrue, yPred, fromLogits, labelSmoothing, -1);
    }
}
