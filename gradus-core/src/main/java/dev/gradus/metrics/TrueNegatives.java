package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
/** The weighted number of true negatives: examples predicted at or below the threshold and labelled negative. */
public final class TrueNegatives extends ConfusionCount {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<TrueNegatives> ARGS = KerasArgs.constructed(TrueNegatives.class, r -> new TrueNegatives(r.getString("name", null)));

    public TrueNegatives() {
        this(null);
    }

    TrueNegatives(String name) {
        super(name, TN);
    }

    @Override
    public TrueNegatives thresholds(double... values) {
        super.thresholds(values);
        return this;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public TrueNegatives name(String name) {
        super.name(name);
        return this;
    }
}
