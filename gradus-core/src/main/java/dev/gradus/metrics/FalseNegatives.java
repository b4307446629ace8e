package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
/** The weighted number of false negatives: examples predicted at or below the threshold but labelled positive. */
public final class FalseNegatives extends ConfusionCount {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<FalseNegatives> ARGS = KerasArgs.constructed(FalseNegatives.class, r -> new FalseNegatives(r.getString("name", null)));

    public FalseNegatives() {
        this(null);
    }

    FalseNegatives(String name) {
        super(name, FN);
    }

    @Override
    public FalseNegatives thresholds(double... values) {
        super.thresholds(values);
        return this;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public FalseNegatives name(String name) {
        super.name(name);
        return this;
    }
}
