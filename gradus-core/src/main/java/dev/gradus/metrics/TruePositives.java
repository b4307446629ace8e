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
}
