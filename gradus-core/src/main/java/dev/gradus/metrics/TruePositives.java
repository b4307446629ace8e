package dev.gradus.metrics;

/** The weighted number of true positives: examples predicted above the threshold and labelled positive. */
public final class TruePositives extends ConfusionCount {
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
