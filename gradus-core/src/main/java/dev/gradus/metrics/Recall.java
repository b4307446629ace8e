package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
/** Recall: the fraction of labelled positives that are predicted positive, tp / (tp + fn). */
public final class Recall extends ConfusionRatio {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Recall> ARGS = KerasArgs.constructed(Recall.class, r -> new Recall(r.getString("name", null)));

    public Recall() {
        this(null);
    }

    Recall(String name) {
        super(name, FN);
    }

    @Override
    public Recall thresholds(double... values) {
        super.thresholds(values);
        return this;
    }

    @Override
    public Recall topK(int k) {
        super.topK(k);
        return this;
    }

    @Override
    public Recall classId(int classId) {
        super.classId(classId);
        return this;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public Recall name(String name) {
        super.name(name);
        return this;
    }
}
