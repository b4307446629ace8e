package dev.gradus.training;

import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * One batch as the train, test and predict steps receive it, Keras's {@code (x, y, sample_weight)}:
 * one tensor per model input, one per output (none for prediction), and the per-sample weights
 * (null when there are none).
 */
public final class Batch {
    private final List<Tensor> xs;
    private final List<Tensor> ys;
    private final Tensor sampleWeight;

    public Batch(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
        this.xs = List.copyOf(xs);
        this.ys = ys == null ? List.of() : List.copyOf(ys);
        this.sampleWeight = sampleWeight;
    }

    public static Batch of(Tensor x, Tensor y) {
        return new Batch(List.of(x), y == null ? List.of() : List.of(y), null);
    }

    public static Batch of(Tensor x, Tensor y, Tensor sampleWeight) {
        return new Batch(List.of(x), y == null ? List.of() : List.of(y), sampleWeight);
    }

    /** Every input. */
    public List<Tensor> xs() {
        return xs;
    }

    /** Every target (empty for prediction). */
    public List<Tensor> ys() {
        return ys;
    }

    /** The single input. */
    public Tensor x() {
        if (xs.size() != 1) throw new IllegalStateException("batch has " + xs.size() + " inputs; use xs()");
        return xs.get(0);
    }

    /** The single target, or null when the batch has none. */
    public Tensor y() {
        if (ys.isEmpty()) return null;
        if (ys.size() != 1) throw new IllegalStateException("batch has " + ys.size() + " targets; use ys()");
        return ys.get(0);
    }

    public Tensor sampleWeight() {
        return sampleWeight;
    }

    /** The number of samples (the first input's leading dimension). */
    public int size() {
        return xs.get(0).shape().get(0);
    }
}
