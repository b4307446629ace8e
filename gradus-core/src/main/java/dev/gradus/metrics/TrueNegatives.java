package dev.gradus.metrics;

/** The weighted number of true negatives: examples predicted at or below the threshold and labelled negative. */
public final class TrueNegatives extends ConfusionCount {
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
}
