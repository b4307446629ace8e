package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;

/** The best sensitivity (recall) among the thresholds where specificity is at least the target. */
public final class SensitivityAtSpecificity extends SensitivitySpecificityBase {
    /** @param specificity the target, in [0, 1] */
    public SensitivityAtSpecificity(double specificity) {
        this(specificity, null);
    }

    SensitivityAtSpecificity(double specificity, String name) {
        super(name, "specificity", specificity);
    }

    @Override
    public SensitivityAtSpecificity numThresholds(int n) {
        super.numThresholds(n);
        return this;
    }

    @Override
    public SensitivityAtSpecificity classId(int classId) {
        super.classId(classId);
        return this;
    }

    @Override
    public Tensor result() {
        return maxUnderConstraint(specificities(), sensitivities());
    }
}
