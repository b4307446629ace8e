package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;

/** How often predictions equal labels, elementwise (for class ids; see {@link BinaryAccuracy} for probabilities). */
public class Accuracy extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Accuracy> ARGS = KerasArgs.of(Accuracy.class, Accuracy::new)
            .aliases("acc");

    public Accuracy() {
        super("accuracy", Direction.UP);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return CoreFunctions.accuracy(yTrue, yPred);
    }
}
