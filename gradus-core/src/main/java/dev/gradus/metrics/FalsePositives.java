package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
/** The weighted number of false positives: examples predicted above the threshold but labelled negative. */
public final class FalsePositives extends ConfusionCount {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<FalsePositives> ARGS = KerasArgs.constructed(FalsePositives.class, r -> new FalsePositives(r.getString("name", null)));

    public FalsePositives() {
        this(null);
    }

    FalsePositives(String name) {
        super(name, FP);
    }

    @Override
    public FalsePositives thresholds(double... values) {
        super.thresholds(values);
        return this;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public FalsePositives name(String name) {
        super.name(name);
        return this;
    }
}
