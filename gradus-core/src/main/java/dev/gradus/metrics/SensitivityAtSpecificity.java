package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;

/** The best sensitivity (recall) among the thresholds where specificity is at least the target. */
public final class SensitivityAtSpecificity extends SensitivitySpecificityBase {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<SensitivityAtSpecificity> ARGS = KerasArgs.constructed(SensitivityAtSpecificity.class, r -> new SensitivityAtSpecificity(r.requiredDouble("specificity"), r.getString("name", null)))
            .constructorArg("specificity", SensitivityAtSpecificity::value);

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

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public SensitivityAtSpecificity name(String name) {
        super.name(name);
        return this;
    }
}
