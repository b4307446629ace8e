package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * One element of a {@link Dataset}: Keras's {@code (x, y, sample_weight)} tuple. Before
 * {@link Dataset#batch} an element is one sample; after it, each tensor has a leading batch axis.
 * {@code targets} is empty and {@code sampleWeight} null when the dataset has none (the
 * {@code predict} case). Several inputs or targets serve multi-input and multi-output models.
 */
public record Batch(List<Tensor> inputs, List<Tensor> targets, Tensor sampleWeight) {

    public Batch {
        if (inputs == null || inputs.isEmpty())
            throw new IllegalArgumentException("Batch: inputs must hold at least one tensor, got "
                    + (inputs == null ? "null" : "an empty list"));
        if (targets == null) targets = List.of();
        for (int k = 0; k < inputs.size(); k++)
            if (inputs.get(k) == null) throw new IllegalArgumentException("Batch: inputs[" + k + "] is null");
        for (int k = 0; k < targets.size(); k++)
            if (targets.get(k) == null) throw new IllegalArgumentException("Batch: targets[" + k + "] is null");
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        if (sampleWeight != null && targets.isEmpty())
            throw new IllegalArgumentException("Batch: a sample_weight needs targets (Keras's (x, y, sample_weight)), got none");
    }

    public static Batch of(Tensor x) {
        return new Batch(List.of(x), List.of(), null);
    }

    public static Batch of(Tensor x, Tensor y) {
        return new Batch(List.of(x), y == null ? List.of() : List.of(y), null);
    }

    public static Batch of(Tensor x, Tensor y, Tensor sampleWeight) {
        return new Batch(List.of(x), y == null ? List.of() : List.of(y), sampleWeight);
    }

    /** The input, for a single-input element. */
    public Tensor x() {
        if (inputs.size() != 1) throw new IllegalStateException(
                "Batch.x(): this element has " + inputs.size() + " inputs; read them with inputs()");
        return inputs.get(0);
    }

    /** The target for a single-target element, or null when there is none. */
    public Tensor y() {
        if (targets.size() > 1) throw new IllegalStateException(
                "Batch.y(): this element has " + targets.size() + " targets; read them with targets()");
        return targets.isEmpty() ? null : targets.get(0);
    }

    /** The leading dimension of the first input: the number of samples in a batched element. */
    public int size() {
        Tensor x = inputs.get(0);
        if (x.rank() == 0) throw new IllegalStateException("Batch.size(): the input is a scalar, so this element is not batched");
        return x.dim(0);
    }

    /** The same targets and weights with new inputs (the usual shape of a {@code map} function). */
    public Batch withX(Tensor x) {
        return new Batch(List.of(x), targets, sampleWeight);
    }

    public Batch withY(Tensor y) {
        return new Batch(inputs, List.of(y), sampleWeight);
    }
}
