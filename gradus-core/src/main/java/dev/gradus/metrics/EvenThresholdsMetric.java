package dev.gradus.metrics;

import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;

/**
 * The state of {@link KolmogorovSmirnov} and the {@link SensitivitySpecificityBase} metrics: the
 * four confusion counts at {@code num_thresholds} evenly spaced thresholds {@code 0, 1/(n-1), ..., 1}
 * (0.5 alone when n = 1), 200 by default. A subclass reads the counts with {@link #count} and writes
 * its result.
 */
abstract class EvenThresholdsMetric extends ThresholdMetric {
    private int numThresholds = 200;
    private Thresholds thresholds;
    private Variable[] counts;

    EvenThresholdsMetric(String name) {
        super(name);
    }

    /** Sets {@code num_thresholds}, at least {@code min}, before the state is sized. */
    final void setNumThresholds(int n, int min) {
        checkNotBuilt("num_thresholds");
        this.numThresholds = Check.atLeast(name() + ": num_thresholds", n, min);
    }

    public int numThresholds() {
        return numThresholds;
    }

    /** The column counted in (samples, classes) data, or null to count every value. */
    Integer countedClass() {
        return null;
    }

    @Override
    protected void build() {
        thresholds = Thresholds.evenly(numThresholds);
        counts = addConfusionVariables(Shape.of(numThresholds));
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ensureBuilt();
        ThresholdShapes.Aligned a = ThresholdShapes.align(name(), yTrue, yPred, sampleWeight, null, countedClass());
        accumulate(thresholds, a, 1, counts);
    }

    /** One count ({@link #TP}, {@link #FP}, {@link #TN} or {@link #FN}) per threshold. */
    final Tensor count(int which) {
        ensureBuilt();
        return counts[which].value();
    }
}
