package dev.gradus.metrics;

import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The weighted number of one confusion-matrix condition at each threshold (Keras's
 * {@code _ConfusionMatrixConditionCount}): a scalar for one threshold, a vector for several.
 * A prediction is positive at a threshold when it is strictly above it.
 */
public abstract class ConfusionCount extends ListedThresholdsMetric {
    /** Which of {tp, fp, tn, fn} this metric counts. */
    private final int condition;
    private Thresholds thresholds;
    private Variable accumulator;

    ConfusionCount(String name, int condition) {
        super(name);
        this.condition = condition;
    }

    /** One threshold or several, each in [0, 1]; 0.5 by default. */
    public ConfusionCount thresholds(double... values) {
        setThresholds(values);
        return this;
    }

    @Override
    protected void build() {
        thresholds = listedThresholds(0.5);
        accumulator = addVariable("accumulator", Shape.of(thresholds.size()));
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ensureBuilt();
        ThresholdShapes.Aligned a = ThresholdShapes.align(name(), yTrue, yPred, sampleWeight, null, null);
        Variable[] v = new Variable[4];
        v[condition] = accumulator;
        accumulate(thresholds, a, 1, v);
    }

    @Override
    public Tensor result() {
        ensureBuilt();
        return scalarIfOne(accumulator.value());
    }
}
