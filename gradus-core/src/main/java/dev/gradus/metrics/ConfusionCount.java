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
public abstract class ConfusionCount extends ThresholdMetric {
    /** Which of {tp, fp, tn, fn} this metric counts. */
    private final int condition;
    private Object initThresholds;
    private Thresholds thresholds;
    private Variable accumulator;

    ConfusionCount(String name, int condition) {
        super(name);
        this.condition = condition;
    }

    /** One threshold or several, each in [0, 1]; 0.5 by default. */
    public ConfusionCount thresholds(double... values) {
        checkNotBuilt("thresholds");
        initThresholds = Thresholds.givenForm(name() + ": thresholds", values);
        return this;
    }

    /** From a config value, keeping Keras's form (a number, or a list even of one). */
    void thresholdsFromConfig(Object raw) {
        checkNotBuilt("thresholds");
        initThresholds = Thresholds.configForm(name() + ": thresholds", raw);
    }

    @Override
    protected void build() {
        thresholds = Thresholds.listed(Thresholds.asList(initThresholds, 0.5));
        accumulator = addVariable("accumulator", Shape.of(thresholds.size()));
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ensureBuilt();
        ThresholdShapes.Aligned a = ThresholdShapes.align(name(), yTrue, yPred, sampleWeight, null, null);
        Variable[] v = new Variable[4];
        v[condition] = accumulator;
        accumulate(thresholds, a, 1, v[0], v[1], v[2], v[3]);
    }

    @Override
    public Tensor result() {
        ensureBuilt();
        return scalarIfOne(accumulator.value());
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "thresholds", initThresholds);
    }
}
