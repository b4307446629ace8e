package dev.gradus.metrics;

/** Recall: the fraction of labelled positives that are predicted positive, tp / (tp + fn). */
public final class Recall extends ConfusionRatio {
    public Recall() {
        this(null);
    }

    Recall(String name) {
        super(name, FN);
    }

    @Override
    public Recall thresholds(double... values) {
        super.thresholds(values);
        return this;
    }

    @Override
    public Recall topK(int k) {
        super.topK(k);
        return this;
    }

    @Override
    public Recall classId(int classId) {
        super.classId(classId);
        return this;
    }
}
