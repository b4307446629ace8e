package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * How often the integer label is among the {@code k} largest predictions. With
 * {@code fromSortedIds}, {@code yPred} holds class ids already sorted by score (the output of a
 * top-k layer) and a hit is a label among its first {@code k} ids.
 */
public class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<SparseTopKCategoricalAccuracy> ARGS = KerasArgs.of(SparseTopKCategoricalAccuracy.class, SparseTopKCategoricalAccuracy::new)
            .integer("k", SparseTopKCategoricalAccuracy::k, SparseTopKCategoricalAccuracy::k)
            .bool("from_sorted_ids", SparseTopKCategoricalAccuracy::fromSortedIds, SparseTopKCategoricalAccuracy::fromSortedIds);

    private int k = 5;
    private boolean fromSortedIds = false;

    public SparseTopKCategoricalAccuracy() {
        super("sparse_top_k_categorical_accuracy", Direction.UP);
    }

    /** Number of top predictions to look at; at least 1. Default 5. */
    public SparseTopKCategoricalAccuracy k(int k) {
        this.k = Check.atLeast("SparseTopKCategoricalAccuracy: k", k, 1);
        return this;
    }

    public SparseTopKCategoricalAccuracy fromSortedIds(boolean fromSortedIds) {
        this.fromSortedIds = fromSortedIds;
        return this;
    }

    public int k() {
        return k;
    }

    public boolean fromSortedIds() {
        return fromSortedIds;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return CoreFunctions.sparseTopKCategoricalAccuracy(yTrue, yPred, k, fromSortedIds);
    }
}
