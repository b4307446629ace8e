package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;

/** The best recall among the thresholds where precision is at least the target; 0 when no threshold reaches it. */
public final class RecallAtPrecision extends SensitivitySpecificityBase {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<RecallAtPrecision> ARGS = KerasArgs.constructed(RecallAtPrecision.class, r -> new RecallAtPrecision(r.requiredDouble("precision"), r.getString("name", null)))
            .constructorArg("precision", RecallAtPrecision::value);

    /** @param precision the target, in [0, 1] */
    public RecallAtPrecision(double precision) {
        this(precision, null);
    }

    RecallAtPrecision(double precision, String name) {
        super(name, "precision", precision);
    }

    @Override
    public RecallAtPrecision numThresholds(int n) {
        super.numThresholds(n);
        return this;
    }

    @Override
    public RecallAtPrecision classId(int classId) {
        super.classId(classId);
        return this;
    }

    @Override
    public Tensor result() {
        return maxUnderConstraint(precisions(), sensitivities());
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public RecallAtPrecision name(String name) {
        super.name(name);
        return this;
    }
}
