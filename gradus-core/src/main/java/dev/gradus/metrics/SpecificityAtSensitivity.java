package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;

/** The best specificity among the thresholds where sensitivity (recall) is at least the target. */
public final class SpecificityAtSensitivity extends SensitivitySpecificityBase {
    /** @param sensitivity the target, in [0, 1] */
    public SpecificityAtSensitivity(double sensitivity) {
        this(sensitivity, null);
    }

    SpecificityAtSensitivity(double sensitivity, String name) {
        super(name, "sensitivity", sensitivity);
    }

    @Override
    public SpecificityAtSensitivity numThresholds(int n) {
        super.numThresholds(n);
        return this;
    }

    @Override
    public SpecificityAtSensitivity classId(int classId) {
        super.classId(classId);
        return this;
    }

    @Override
    public Tensor result() {
        return maxUnderConstraint(sensitivities(), specificities());
    }
}
