package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;

/** The best specificity among the thresholds where sensitivity (recall) is at least the target. */
public final class SpecificityAtSensitivity extends SensitivitySpecificityBase {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<SpecificityAtSensitivity> ARGS = KerasArgs.constructed(SpecificityAtSensitivity.class, r -> new SpecificityAtSensitivity(r.requiredDouble("sensitivity"), r.getString("name", null)))
            .constructorArg("sensitivity", SpecificityAtSensitivity::value);

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

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public SpecificityAtSensitivity name(String name) {
        super.name(name);
        return this;
    }
}
