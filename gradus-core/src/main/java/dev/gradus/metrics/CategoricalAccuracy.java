package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;

/** How often {@code argmax(yPred)} matches the one-hot label's class (logits work as well as probabilities). */
public class CategoricalAccuracy extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CategoricalAccuracy> ARGS = KerasArgs.of(CategoricalAccuracy.class, CategoricalAccuracy::new);

    public CategoricalAccuracy() {
        super("categorical_accuracy", Direction.UP);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return CoreFunctions.categoricalAccuracy(yTrue, yPred);
    }
}
