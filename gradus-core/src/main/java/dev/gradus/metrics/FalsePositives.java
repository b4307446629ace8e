package dev.gradus.metrics;

/** The weighted number of false positives: examples predicted above the threshold but labelled negative. */
public final class FalsePositives extends ConfusionCount {
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
}
