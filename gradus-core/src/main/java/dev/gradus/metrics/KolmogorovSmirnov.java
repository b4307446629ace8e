package dev.gradus.metrics;

import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The Kolmogorov-Smirnov statistic of a binary scorer: the largest gap between the true positive
 * rate and the false positive rate over {@code num_thresholds} evenly spaced thresholds
 * {@code 0, 1/(n-1), ..., 1}, i.e. the largest distance between the score distributions of the
 * positives and of the negatives. Not in Keras; credit scoring reports it beside AUC (Gini).
 * Labels are positive when non-zero; data of any shape are flattened.
 */
public final class KolmogorovSmirnov extends ThresholdMetric {
    private int numThresholds = 200;
    private Thresholds thresholds;
    private Variable truePositives, falsePositives, trueNegatives, falseNegatives;

    public KolmogorovSmirnov() {
        this(null);
    }

    KolmogorovSmirnov(String name) {
        super(name);
    }

    /** How many thresholds (at least 2); 200 by default. Scores are resolved to 1/(n-1). */
    public KolmogorovSmirnov numThresholds(int n) {
        checkNotBuilt("num_thresholds");
        this.numThresholds = Check.atLeast(name() + ": num_thresholds", n, 2);
        return this;
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
        ThresholdShapes.Aligned a = ThresholdShapes.align(name(), yTrue, yPred, sampleWeight, null, null);
        accumulate(thresholds, a, 1, truePositives, falsePositives, trueNegatives, falseNegatives);
    }

    @Override
    public Tensor result() {
        ensureBuilt();
        Tensor tp = truePositives.value(), fp = falsePositives.value();
        Tensor tpr = Ops.divideNoNan(tp, Ops.add(tp, falseNegatives.value()));
        Tensor fpr = Ops.divideNoNan(fp, Ops.add(fp, trueNegatives.value()));
        return Ops.max(Ops.abs(Ops.sub(tpr, fpr)));
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "num_thresholds", numThresholds);
    }
}
