package dev.gradus.metrics;

/** The weighted number of false negatives: examples predicted at or below the threshold but labelled positive. */
public final class FalseNegatives extends ConfusionCount {
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
}
