package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;

/** The best precision among the thresholds where recall is at least the target. */
public final class PrecisionAtRecall extends SensitivitySpecificityBase {
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
}
