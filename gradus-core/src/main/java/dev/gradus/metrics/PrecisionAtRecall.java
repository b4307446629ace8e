package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;

/** The best precision among the thresholds where recall is at least the target. */
public final class PrecisionAtRecall extends SensitivitySpecificityBase {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<PrecisionAtRecall> ARGS = KerasArgs.constructed(PrecisionAtRecall.class, r -> new PrecisionAtRecall(r.requiredDouble("recall"), r.getString("name", null)))
            .constructorArg("recall", PrecisionAtRecall::value);

    /** @param recall the target, in [0, 1] */
    public PrecisionAtRecall(double recall) {
        this(recall, null);
    }

    PrecisionAtRecall(double recall, String name) {
        super(name, "recall", recall);
    }

    @Override
    public PrecisionAtRecall numThresholds(int n) {
        super.numThresholds(n);
        return this;
    }

    @Override
    public PrecisionAtRecall classId(int classId) {
        super.classId(classId);
        return this;
    }

    @Override
    public Tensor result() {
        return maxUnderConstraint(sensitivities(), precisions());
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public PrecisionAtRecall name(String name) {
        super.name(name);
        return this;
    }
}
