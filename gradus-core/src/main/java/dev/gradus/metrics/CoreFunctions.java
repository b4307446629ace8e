package dev.gradus.metrics;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;

/** Keras's metric functions ({@code keras.metrics.binary_accuracy}, ...); {@link Metrics} exposes them. */
final class CoreFunctions {
    static final double EPSILON = 1e-7;

    private CoreFunctions() {}

    /** 1 where {@code yTrue == yPred}, elementwise after rank alignment. */
    static Tensor accuracy(Tensor yTrue, Tensor yPred) {
        Tensor[] a = CoreShapes.aligned("accuracy", yTrue, yPred);
        return Ops.equal(a[0], a[1]);
    }

    /** 1 where {@code yTrue == (yPred > threshold)}, elementwise after rank alignment. */
    static Tensor binaryAccuracy(Tensor yTrue, Tensor yPred, double threshold) {
        Tensor[] a = CoreShapes.aligned("binary_accuracy", yTrue, yPred);
        return Ops.equal(a[0], Ops.greater(a[1], Tensor.scalar(threshold)));
    }

    /** 1 where {@code argmax(yTrue) == argmax(yPred)} over the last axis. */
    static Tensor categoricalAccuracy(Tensor yTrue, Tensor yPred) {
        CoreShapes.require("categorical_accuracy", "yTrue", yTrue);
        CoreShapes.require("categorical_accuracy", "yPred", yPred);
        Tensor labels = Ops.argmax(yTrue, -1);
        Shape labelShape = labels.shape();
        boolean reshape = false;
        if (labels.rank() == yPred.rank()) {
            labels = squeezeLast("categorical_accuracy", labels);
            reshape = true;
        }
        Tensor matches = Ops.equal(labels, Ops.argmax(yPred, -1));
        return reshape ? Ops.reshape(matches, labelShape) : matches;
    }

    /** 1 where {@code yTrue == argmax(yPred)}; integer labels of shape {@code (N,)} or {@code (N, 1)}. */
    static Tensor sparseCategoricalAccuracy(Tensor yTrue, Tensor yPred) {
        CoreShapes.require("sparse_categorical_accuracy", "yTrue", yTrue);
        CoreShapes.require("sparse_categorical_accuracy", "yPred", yPred);
        Shape labelShape = yTrue.shape();
        Tensor labels = yTrue;
        boolean reshape = false;
        if (yTrue.rank() == yPred.rank() && yTrue.rank() > 0 && yTrue.dim(-1) == 1) {
            labels = Ops.squeeze(yTrue, -1);
            reshape = true;
        }
        Tensor matches = Ops.equal(labels, Ops.argmax(yPred, -1));
        if (reshape) matches = Ops.reshape(matches, labelShape);
        if (matches.rank() > 1 && matches.dim(-1) == 1) matches = Ops.squeeze(matches, -1);
        return matches;
    }

    /** 1 where the one-hot target's class is among the {@code k} largest predictions. */
    static Tensor topKCategoricalAccuracy(Tensor yTrue, Tensor yPred, int k) {
        CoreShapes.require("top_k_categorical_accuracy", "yTrue", yTrue);
        return sparseTopK("top_k_categorical_accuracy", Ops.argmax(yTrue, -1), yPred, k, false);
    }

    /**
     * 1 where the integer target is among the {@code k} largest predictions; with
     * {@code fromSortedIds}, {@code yPred} already holds class ids sorted by score and a hit is a
     * target among its first {@code k} ids.
     */
    static Tensor sparseTopKCategoricalAccuracy(Tensor yTrue, Tensor yPred, int k, boolean fromSortedIds) {
        return sparseTopK("sparse_top_k_categorical_accuracy", yTrue, yPred, k, fromSortedIds);
    }

    private static Tensor sparseTopK(String fn, Tensor labels, Tensor yPred, int k, boolean fromSortedIds) {
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

    private static void checkLabels(String fn, Tensor labels, int classes) {
        for (float v : labels.unsafeBuffer()) {
            if (!(v >= 0 && v < classes)) throw new IllegalArgumentException(fn + ": yTrue must hold class indices in [0, "
                    + classes + "), got " + v);
        }
    }

    /** Pearson's r over {@code axis} per sample, with population standard deviations. */
    static Tensor pearsonCorrelation(Tensor yTrue, Tensor yPred, int axis) {
        Tensor[] a = CoreShapes.aligned("pearson_correlation", yTrue, yPred);
        int[] ax = {axis};
        Tensor t = Ops.sub(a[0], Ops.mean(a[0], ax, true));
        Tensor p = Ops.sub(a[1], Ops.mean(a[1], ax, true));
        t = Ops.div(t, Ops.add(Ops.std(t, ax, true), EPSILON));
        p = Ops.div(p, Ops.add(Ops.std(p, ax, true), EPSILON));
        return Ops.mean(Ops.mul(t, p), axis);
    }

    /**
     * Lin's concordance coefficient over {@code axis} per sample. Keras centres {@code yTrue} on the
     * mean of {@code yPred} in the covariance term; that is kept so that the numbers agree.
     */
    static Tensor concordanceCorrelation(Tensor yTrue, Tensor yPred, int axis) {
        Tensor[] a = CoreShapes.aligned("concordance_correlation", yTrue, yPred);
        int[] ax = {axis};
        Tensor trueMean = Ops.mean(a[0], ax, true);
        Tensor predMean = Ops.mean(a[1], ax, true);
        Tensor trueVar = Ops.variance(Ops.sub(a[0], trueMean), ax, true);
        Tensor predVar = Ops.variance(Ops.sub(a[1], predMean), ax, true);
        Tensor covar = Ops.mul(Ops.sub(a[0], predMean), Ops.sub(a[1], predMean));
        Tensor norm = Ops.add(Ops.add(trueVar, predVar), Ops.square(Ops.sub(trueMean, predMean)));
        return Ops.mean(Ops.div(Ops.mul(covar, 2), Ops.add(norm, EPSILON)), axis);
    }

    /** {@code sum(l2n(yTrue) * l2n(yPred))} over {@code axis}: +1 for the same direction. */
    static Tensor cosineSimilarity(Tensor yTrue, Tensor yPred, int axis) {
        Tensor[] a = CoreShapes.aligned("cosine_similarity", yTrue, yPred);
        // Keras clamps the squared norm at epsilon^2 (keras.ops.normalize).
        Tensor t = Ops.l2Normalize(a[0], axis, EPSILON * EPSILON);
        Tensor p = Ops.l2Normalize(a[1], axis, EPSILON * EPSILON);
        return Ops.sum(Ops.mul(t, p), axis);
    }

    private static Tensor squeezeLast(String fn, Tensor x) {
        if (x.dim(-1) != 1) throw new IllegalArgumentException(fn + ": yTrue must have one more axis than yPred's labels, got "
                + "labels of shape " + x.shape());
        return Ops.squeeze(x, -1);
    }
}
