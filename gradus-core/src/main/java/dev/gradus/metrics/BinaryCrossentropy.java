package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/**
 * Binary crossentropy averaged over samples. Probabilities are clipped to [1e-7, 1 - 1e-7] in
 * float32, as in Keras (so a confident wrong prediction costs 15.94, not 16.12).
 */
public class BinaryCrossentropy extends CrossentropyMetric<BinaryCrossentropy> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<BinaryCrossentropy> ARGS = KerasArgs.of(BinaryCrossentropy.class, BinaryCrossentropy::new)
            .aliases("bce", "BCE");

    public BinaryCrossentropy() {
        super("binary_crossentropy", "BinaryCrossentropy");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.binaryCrossentropy(yTrue, yPred, fromLogits, labelSmoothing, -1);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public BinaryCrossentropy name(String name) {
        super.name(name);
        return this;
    }
}
