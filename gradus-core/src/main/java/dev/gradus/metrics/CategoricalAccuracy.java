package dev.gradus.metrics;

import static dev.gradus.metrics.CoreFunctions.squeezeLast;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/** How often {@code argmax(yPred)} matches the one-hot label's class (logits work as well as probabilities). */
public class CategoricalAccuracy extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CategoricalAccuracy> ARGS = KerasArgs.of(CategoricalAccuracy.class, CategoricalAccuracy::new);

    public CategoricalAccuracy() {
        super("categorical_accuracy", Direction.UP);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return compute(yTrue, yPred);
    }

    /** 1 where {@code argmax(yTrue) == argmax(yPred)} over the last axis. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        CoreShapes.require("categorical_accuracy", "yTrue", yTrue);
        CoreShapes.require("categorical_accuracy", "yPred", yPred);
        Tensor labels = Ops.argmax(yTrue, -1);
        Shape labelShape = labels.shape();
        boolean reshape = false;
        if (labels.rank() == yPred.rank()) {
            labels = squeezeLast("categorical_accuracy", labels);
            reshape = true;
        }
        Tensor matches = Ops.equal(labels, Ops.argmax(yPred, -1));
        return reshape ? Ops.reshape(matches, labelShape) : matches;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public CategoricalAccuracy name(String name) {
        super.name(name);
        return this;
    }
}
