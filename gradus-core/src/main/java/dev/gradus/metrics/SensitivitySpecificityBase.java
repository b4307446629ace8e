package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The best value of one rate among the thresholds where another rate reaches a target (Keras's
 * {@code SensitivitySpecificityBase}): counts at {@code num_thresholds} evenly spaced thresholds
 * {@code 0, 1/(n-1), ..., 1} (0.5 alone when n = 1); a subclass picks the two rates.
 */
public abstract class SensitivitySpecificityBase extends EvenThresholdsMetric {
    /** Keras's arguments its subclasses share, declared once for all of them. */
    static final KerasArgs<SensitivitySpecificityBase> ARGS = KerasArgs.shared(SensitivitySpecificityBase.class)
            .integerOrNull("class_id", SensitivitySpecificityBase::countedClass, (m, id) -> {
                if (id != null) m.classId(id);
            })
            .integer("num_thresholds", SensitivitySpecificityBase::numThresholds, SensitivitySpecificityBase::numThresholds);

    private final String valueKey;
    private final double value;
    private Integer classId;

    SensitivitySpecificityBase(String name, String valueKey, double value) {
        super(name);
        this.valueKey = valueKey;
        this.value = Check.inRange(valueKey, value, 0, 1);
    }

    /** How many thresholds to search; 200 by default. */
    public SensitivitySpecificityBase numThresholds(int n) {
        setNumThresholds(n, 1);
        return this;
    }

    /** Counts only the column {@code classId} of (samples, classes) data. */
    public SensitivitySpecificityBase classId(int classId) {
        this.classId = Check.atLeast(name() + ": class_id", classId, 0);
        return this;
    }

    /** The target the constrained rate must reach. */
    public double value() {
        return value;
    }

    @Override
    Integer countedClass() {
        return classId;
    }

    /** tp / (tp + fn) per threshold. */
    protected final Tensor sensitivities() {
        return rate(count(TP), count(FN));
    }

    /** tn / (tn + fp) per threshold. */
    protected final Tensor specificities() {
        return rate(count(TN), count(FP));
    }

    /** tp / (tp + fp) per threshold. */
    protected final Tensor precisions() {
        return rate(count(TP), count(FP));
    }

    /**
     * The largest {@code dependent} among the thresholds where {@code constrained >= value} (compared
     * in float32, as Keras), and at least 0; 0 when no threshold qualifies.
     */
    protected final Tensor maxUnderConstraint(Tensor constrained, Tensor dependent) {
        Tensor zero = Tensor.scalar(0);
        Tensor feasible = Ops.greaterEqual(constrained, Tensor.scalar(value));
        return Ops.maximum(Ops.max(Ops.where(feasible, dependent, zero)), zero);
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }
}
