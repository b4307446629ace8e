package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
/** The weighted number of true positives: examples predicted above the threshold and labelled positive. */
public final class TruePositives extends ConfusionCount {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<TruePositives> ARGS = KerasArgs.constructed(TruePositives.class, r -> new TruePositives(r.getString("name", null)));

    public TruePositives() {
        this(null);
    }

    TruePositives(String name) {
        super(name, TP);
    }

    @Override
    public TruePositives thresholds(double... values) {
        super.thresholds(values);
        return this;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public TruePositives name(String name) {
        super.name(name);
        return this;
    }
}
