package dev.gradus.metrics;

import static dev.gradus.metrics.CoreFunctions.checkLabels;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.KerasArgs;

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
        return compute(yTrue, yPred, k, fromSortedIds);
    }

    /**
     * 1 where the integer target is among the {@code k} largest predictions; with
     * {@code fromSortedIds}, {@code yPred} already holds class ids sorted by score and a hit is a
     * target among its first {@code k} ids.
     */
    static Tensor compute(Tensor yTrue, Tensor yPred, int k, boolean fromSortedIds) {
        return sparseTopK("sparse_top_k_categorical_accuracy", yTrue, yPred, k, fromSortedIds);
    }

    static Tensor sparseTopK(String fn, Tensor labels, Tensor yPred, int k, boolean fromSortedIds) {
        CoreShapes.require(fn, "yTrue", labels);
        CoreShapes.require(fn, "yPred", yPred);
        Check.atLeast(fn + ": k", k, 1);
        if (yPred.rank() < 1) throw new IllegalArgumentException(fn + ": yPred must have a class axis, got shape " + yPred.shape());
        Shape labelShape = labels.shape();
        int classes = yPred.dim(-1);
        Tensor scores = yPred.rank() == 2 ? yPred : Ops.reshape(yPred, -1, classes);
        Tensor flat = labels.rank() == 1 ? labels : Ops.reshape(labels, -1);
        if (flat.dim(0) != scores.dim(0)) throw new IllegalArgumentException(fn + ": yTrue of shape " + labelShape
                + " does not match yPred of shape " + yPred.shape() + " (" + flat.dim(0) + " targets for " + scores.dim(0) + " rows)");
        Tensor column = Ops.expandDims(flat, -1);
        Tensor hits;
        if (fromSortedIds) {
            Tensor firstK = Ops.slice(scores, 1, 0, Math.min(k, classes));
            hits = Ops.max(Ops.equal(firstK, column), -1);
        } else {
            checkLabels(fn, flat, classes);
            // TF's in_top_k: a hit iff fewer than k scores are strictly greater; a NaN target score never hits.
            Tensor target = Ops.takeAlongAxis(scores, column, -1);
            target = Ops.where(Ops.isNan(target), Tensor.scalar(Double.NEGATIVE_INFINITY), target);
            Tensor above = Ops.sum(Ops.greater(scores, target), -1);
            hits = Ops.less(above, Tensor.scalar(k));
        }
        return labels.rank() == 1 ? hits : Ops.reshape(hits, labelShape);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public SparseTopKCategoricalAccuracy name(String name) {
        super.name(name);
        return this;
    }
}
