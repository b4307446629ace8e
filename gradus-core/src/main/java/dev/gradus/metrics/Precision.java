package dev.gradus.metrics;

/** Precision: the fraction of predicted positives that are labelled positive, tp / (tp + fp). */
public final class Precision extends ConfusionRatio {
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
}
