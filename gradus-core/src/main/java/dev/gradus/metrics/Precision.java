package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
/** Precision: the fraction of predicted positives that are labelled positive, tp / (tp + fp). */
public final class Precision extends ConfusionRatio {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Precision> ARGS = KerasArgs.constructed(Precision.class, r -> new Precision(r.getString("name", null)));

    public Precision() {
        this(null);
    }

    Precision(String name) {
        super(name, FP);
    }

    @Override
    public Precision thresholds(double... values) {
        super.thresholds(values);
        return this;
    }

    @Override
    public Precision topK(int k) {
        super.topK(k);
        return this;
    }

    @Override
    public Precision classId(int classId) {
        super.classId(classId);
        return this;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public Precision name(String name) {
        super.name(name);
        return this;
    }
}
