package dev.gradus.metrics;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

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
        return compute(yTrue, yPred);
    }

    /** 1 where {@code yTrue == yPred}, elementwise after rank alignment. */
    static Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor[] a = CoreShapes.aligned("accuracy", yTrue, yPred);
        return Ops.equal(a[0], a[1]);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public Accuracy name(String name) {
        super.name(name);
        return this;
    }
}
