package dev.gradus.metrics;

import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The best value of one rate among the thresholds where another rate reaches a target (Keras's
 * {@code SensitivitySpecificityBase}): counts at {@code num_thresholds} evenly spaced thresholds
 * {@code 0, 1/(n-1), ..., 1} (0.5 alone when n = 1); a subclass picks the two rates.
 */
public abstract class SensitivitySpecificityBase extends ThresholdMetric {
    private final String valueKey;
    private final double value;
    private int numThresholds = 200;
    private Integer classId;
    private Thresholds thresholds;
    private Variable truePositives, falsePositives, trueNegatives, falseNegatives;

    SensitivitySpecificityBase(String name, String valueKey, double value) {
        super(name);
        this.valueKey = valueKey;
        this.value = Check.inRange(valueKey, value, 0, 1);
    }

    /** How many thresholds to search; 200 by default. */
    public SensitivitySpecificityBase numThresholds(int n) {
        checkNotBuilt("num_thresholds");
        this.numThresholds = Check.atLeast(name() + ": num_thresholds", n, 1);
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

    public int numThresholds() {
        return numThresholds;
    }

    @Override
    protected void build() {
        thresholds = Thresholds.evenly(numThresholds);
        Shape s = Shape.of(numThresholds);
        truePositives = addVariable("true_positives", s);
        falsePositives = addVariable("false_positives", s);
        trueNegatives = addVariable("true_negatives", s);
        falseNegatives = addVariable("false_negatives", s);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ensureBuilt();
        ThresholdShapes.Aligned a = ThresholdShapes.align(name(), yTrue, yPred, sampleWeight, null, classId);
        accumulate(thresholds, a, 1, truePositives, falsePositives, trueNegatives, falseNegatives);
    }

    /** tp / (tp + fn) per threshold. */
    protected final Tensor sensitivities() {
        ensureBuilt();
        Tensor tp = truePositives.value();
        return Ops.divideNoNan(tp, Ops.add(tp, falseNegatives.value()));
    }

    /** tn / (tn + fp) per threshold. */
    protected final Tensor specificities() {
        ensureBuilt();
        Tensor tn = trueNegatives.value();
        return Ops.divideNoNan(tn, Ops.add(tn, falsePositives.value()));
    }

    /** tp / (tp + fp) per threshold. */
    protected final Tensor precisions() {
        ensureBuilt();
        Tensor tp = truePositives.value();
        return Ops.divideNoNan(tp, Ops.add(tp, falsePositives.value()));
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

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "class_id", classId, "num_thresholds", numThresholds, valueKey, value);
    }
}
