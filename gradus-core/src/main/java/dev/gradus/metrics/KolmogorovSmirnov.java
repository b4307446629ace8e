package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The Kolmogorov-Smirnov statistic of a binary scorer: the largest gap between the true positive
 * rate and the false positive rate over {@code num_thresholds} evenly spaced thresholds
 * {@code 0, 1/(n-1), ..., 1}, i.e. the largest distance between the score distributions of the
 * positives and of the negatives. Not in Keras; credit scoring reports it beside AUC (Gini).
 * Labels are positive when non-zero; data of any shape are flattened.
 */
public final class KolmogorovSmirnov extends EvenThresholdsMetric {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<KolmogorovSmirnov> ARGS = KerasArgs.constructed(KolmogorovSmirnov.class, r -> new KolmogorovSmirnov(r.getString("name", null)))
            .integer("num_thresholds", KolmogorovSmirnov::numThresholds, KolmogorovSmirnov::numThresholds);


    public KolmogorovSmirnov() {
        this(null);
    }

    KolmogorovSmirnov(String name) {
        super(name);
    }

    /** How many thresholds (at least 2); 200 by default. Scores are resolved to 1/(n-1). */
    public KolmogorovSmirnov numThresholds(int n) {
        setNumThresholds(n, 2);
        return this;
    }

    @Override
    public Tensor result() {
        Tensor tpr = rate(count(TP), count(FN));
        Tensor fpr = rate(count(FP), count(TN));
        return Ops.max(Ops.abs(Ops.sub(tpr, fpr)));
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public KolmogorovSmirnov name(String name) {
        super.name(name);
        return this;
    }
}
