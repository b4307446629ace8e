package dev.gradus.metrics;

import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.ThresholdCounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A metric that counts weighted true/false positives/negatives of predictions against thresholds:
 * the confusion counts, Precision, Recall, the *At* metrics, AUC and KolmogorovSmirnov.
 *
 * <p>The options that fix the size of the state (thresholds, their number, labels) are fluent
 * setters, so the state is created at first use ({@link #build()}); setting such an option after
 * that fails rather than leaving state of the wrong size.
 */
public abstract class ThresholdMetric extends Metric {
    /** Positions of the four counts in {@link #accumulate}'s order. */
    static final int TP = 0, FP = 1, TN = 2, FN = 3;

    private boolean built;

    protected ThresholdMetric(String name) {
        super(name);
    }

    /** Creates the state variables; runs once, at first use, when the options can no longer change. */
    protected abstract void build();

    protected final void ensureBuilt() {
        if (!built) {
            built = true;
            build();
        }
    }

    /** Fails when an option that sizes the state is set after the metric was first used. */
    protected final void checkNotBuilt(String option) {
        if (built) throw new IllegalStateException(name() + ": " + option
                + " must be set before the metric is first used (its state is already sized)");
    }

    /**
     * Adds the counts of one update to the given state variables (any may be null), shaped
     * {@code (thresholds,)}, or {@code (thresholds, labels)} when {@code labels > 1}.
     */
    final void accumulate(Thresholds thresholds, ThresholdShapes.Aligned a, int labels,
                          Variable tp, Variable fp, Variable tn, Variable fn) {
        float[] w = a.weight() == null ? null : a.weight().unsafeBuffer();
        double[][] c = thresholds.count(a.yPred().unsafeBuffer(), a.yTrue().unsafeBuffer(), w, labels);
        Variable[] targets = {tp, fp, tn, fn};
        for (int k = 0; k < 4; k++)
            if (targets[k] != null) ThresholdCounts.addInto(targets[k].writableStorage(), c[k], a.scale());
    }

    @Override
    public List<Variable> variables() {
        ensureBuilt();
        return super.variables();
    }

    @Override
    public void resetState() {
        ensureBuilt();
        super.resetState();
    }

    /** Adds the state of a metric built with the same options (its name aside). */
    @Override
    public void merge(Metric other) {
        if (other instanceof ThresholdMetric t && other.getClass() == getClass()) {
            checkSameOptions(t);
            t.ensureBuilt();
        }
        ensureBuilt();
        super.merge(other);
    }

    final void checkSameOptions(ThresholdMetric other) {
        Map<String, Object> mine = options(getConfig()), theirs = options(other.getConfig());
        if (!mine.equals(theirs)) throw new IllegalArgumentException("merge: '" + name() + "' has options " + mine
                + ", '" + other.name() + "' has " + theirs + "; only metrics built alike can be merged");
    }

    private static Map<String, Object> options(Map<String, Object> config) {
        Map<String, Object> m = new LinkedHashMap<>(config);
        m.remove("name");
        return m;
    }

    /** A float tensor's single value, or its values as a vector: Keras returns {@code x[0]} for one threshold. */
    static Tensor scalarIfOne(Tensor perThreshold) {
        return perThreshold.size() == 1 ? Tensor.scalar(perThreshold.toFloatArray()[0]) : perThreshold;
    }
}
