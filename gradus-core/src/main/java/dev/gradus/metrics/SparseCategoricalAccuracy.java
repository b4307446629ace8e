package dev.gradus.metrics;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/** How often {@code argmax(yPred)} equals the integer label ({@code (N,)} or {@code (N, 1)}). */
public class SparseCategoricalAccuracy extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<SparseCategoricalAccuracy> ARGS = KerasArgs.of(SparseCategoricalAccuracy.class, SparseCategoricalAccuracy::new);

    public SparseCategoricalAccuracy() {
        super("sparse_categorical_accuracy", Direction.UP);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return compute(yTrue, yPred);
    }

    /** 1 where {@code yTrue == argmax(yPred)}; integer labels of shape {@code (N,)} or {@code (N, 1)}. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        CoreShapes.require("sparse_categorical_accuracy", "yTrue", yTrue);
        CoreShapes.require("sparse_categorical_accuracy", "yPred", yPred);
        Shape labelShape = yTrue.shape();
        Tensor labels = yTrue;
        boolean reshape = false;
        if (yTrue.rank() == yPred.rank() && yTrue.rank() > 0 && yTrue.dim(-1) == 1) {
            labels = Ops.squeeze(yTrue, -1);
            reshape = true;
        }
        Tensor matches = Ops.equal(labels, Ops.argmax(yPred, -1));
        if (reshape) matches = Ops.reshape(matches, labelShape);
        if (matches.rank() > 1 && matches.dim(-1) == 1) matches = Ops.squeeze(matches, -1);
        return matches;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public SparseCategoricalAccuracy name(String name) {
        super.name(name);
        return this;
    }
}
