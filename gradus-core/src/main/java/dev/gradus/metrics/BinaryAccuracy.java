package dev.gradus.metrics;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.KerasArgs;

/** How often {@code yPred > threshold} matches the 0/1 label. */
public class BinaryAccuracy extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<BinaryAccuracy> ARGS = KerasArgs.of(BinaryAccuracy.class, BinaryAccuracy::new)
            .real("threshold", BinaryAccuracy::threshold, BinaryAccuracy::threshold);

    private double threshold = 0.5;

    public BinaryAccuracy() {
        super("binary_accuracy", Direction.UP);
    }

    /** Predictions strictly above it count as 1; must lie in (0, 1). Default 0.5. */
    public BinaryAccuracy threshold(double threshold) {
        Check.argument(threshold > 0 && threshold < 1,
                "BinaryAccuracy: threshold must be in the open interval (0, 1), got " + threshold);
        this.threshold = threshold;
        return this;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return compute(yTrue, yPred, threshold);
    }

    /** 1 where {@code yTrue == (yPred > threshold)}, elementwise after rank alignment. */
    static Tensor compute(Tensor yTrue, Tensor yPred, double threshold) {
        Tensor[] a = CoreShapes.aligned("binary_accuracy", yTrue, yPred);
        return Ops.equal(a[0], Ops.greater(a[1], Tensor.scalar(threshold)));
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public BinaryAccuracy name(String name) {
        super.name(name);
        return this;
    }
}
