package dev.gradus.metrics;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;

/**
 * The input handling of Keras's {@code update_confusion_matrix_variables}, before any counting:
 * rank alignment of y_true, y_pred and sample_weight, the top-k filter, the class_id column, and
 * the weights broadcast to y_pred.
 */
final class ThresholdShapes {
    /** What {@code top_k} writes over the predictions it drops, and the default threshold then (Keras's NEG_INF). */
    static final float NEG_INF = -1e10f;

    private ThresholdShapes() {}

    /**
     * The aligned inputs of one update: {@code yTrue} and {@code yPred} of one shape, and the weight
     * as a tensor of that shape ({@code weight}, null when there is none) times a scalar ({@code scale}).
     */
    record Aligned(Tensor yTrue, Tensor yPred, Tensor weight, double scale) {}

    static Aligned align(String metric, Tensor yTrue, Tensor yPred, Tensor sampleWeight, Integer topK, Integer classId) {
        Check.notNull(metric + ": y_true", yTrue);
        Check.notNull(metric + ": y_pred", yPred);
        Tensor[] pt = Ops.squeezeOrExpandToSameRank(yPred, yTrue, true);
        yPred = pt[0];
        yTrue = pt[1];
        if (!yTrue.shape().equals(yPred.shape())) throw new IllegalArgumentException(metric
                + ": y_true and y_pred must have the same shape, got y_true " + yTrue.shape() + " and y_pred " + yPred.shape());
        Tensor weight = null;
        if (sampleWeight != null) {
            // a (N,) weight applies per row of (N, C) data: expand, then align without expanding rank 1
            weight = Ops.squeezeOrExpandToSameRank(yTrue, Ops.expandDims(sampleWeight, -1), false)[1];
        }
        if (topK != null) yPred = filterTopK(metric, yPred, topK);
        if (classId != null) {
            if (yPred.rank() < 2) throw new IllegalArgumentException(metric + ": class_id needs y_pred of shape "
                    + "(num_samples, num_classes), got shape " + yPred.shape());
            int classes = yPred.dim(-1);
            if (classId >= classes) throw new IllegalArgumentException(metric + ": class_id must be in [0, " + classes
                    + ") for y_pred of shape " + yPred.shape() + ", got " + classId);
            yTrue = Ops.slice(yTrue, -1, classId, classId + 1);
            yPred = Ops.slice(yPred, -1, classId, classId + 1);
        }
        double scale = 1;
        if (weight != null) {
            if (!weight.shape().broadcastsTo(yPred.shape())) throw new IllegalArgumentException(metric
                    + ": sample_weight of shape " + sampleWeight.shape() + " cannot be broadcast to y_pred of shape "
                    + yPred.shape() + (classId != null ? " (the class_id column)" : ""));
            if (weight.size() == 1) {
                scale = weight.toFloatArray()[0];
                weight = null;
            } else if (!weight.shape().equals(yPred.shape())) {
                weight = Ops.broadcastTo(weight, yPred.shape().dims());
            }
        }
        return new Aligned(yTrue, yPred, weight, scale);
    }

    /** Multiplies per-label weights (Keras's label_weights, one per last-axis entry) into the weights. */
    static Aligned withLabelWeights(String metric, Aligned a, Tensor labelWeights) {
        Shape target = a.yPred().shape();
        Tensor lw = Ops.expandDims(labelWeights, 0);
        if (!lw.shape().broadcastsTo(target)) throw new IllegalArgumentException(metric + ": label_weights of shape "
                + labelWeights.shape() + " cannot be broadcast to y_pred of shape " + target);
        Tensor w = a.weight() == null ? Ops.broadcastTo(lw, target.dims()) : Ops.mul(a.weight(), lw);
        return new Aligned(a.yTrue(), a.yPred(), w, a.scale());
    }

    /** Keeps the k largest predictions of each row (lower index first on ties), the rest become {@link #NEG_INF}. */
    static Tensor filterTopK(String metric, Tensor yPred, int k) {
        if (yPred.rank() < 1) throw new IllegalArgumentException(metric + ": top_k needs y_pred of rank >= 1, got shape " + yPred.shape());
        int classes = yPred.dim(-1);
        if (k > classes) throw new IllegalArgumentException(metric + ": top_k = " + k
                + " is larger than the last axis of y_pred, shape " + yPred.shape());
        Tensor mask = Ops.sum(Ops.oneHot(Ops.topK(yPred, k).indices(), classes), -2);
        return Ops.add(Ops.mul(yPred, mask), Ops.mul(Ops.sub(Tensor.scalar(1), mask), NEG_INF));
    }
}
