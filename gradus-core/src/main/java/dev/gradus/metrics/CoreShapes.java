package dev.gradus.metrics;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;

/** Rank alignment and sample-weight broadcasting shared by the mean-based, F-score, R2 and IoU metrics. */
final class CoreShapes {
    private CoreShapes() {}

    static Tensor require(String metric, String argument, Tensor t) {
        if (t == null) throw new IllegalArgumentException(metric + ": " + argument + " must not be null");
        return t;
    }

    /** Keras's {@code squeeze_or_expand_to_same_rank(y_true, y_pred)}, after a null check naming the metric. */
    static Tensor[] aligned(String metric, Tensor yTrue, Tensor yPred) {
        require(metric, "yTrue", yTrue);
        require(metric, "yPred", yPred);
        return Ops.squeezeOrExpandToSameRank(yTrue, yPred, true);
    }

    /** Fails unless the two shapes are equal: for metrics whose state is per column. */
    static void sameShape(String metric, Tensor yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape())) throw new IllegalArgumentException(metric
                + ": yTrue and yPred must have the same shape, got yTrue " + yTrue.shape() + " and yPred " + yPred.shape());
    }

    /** Broadcasts {@code weight} to {@code shape}, or fails naming both shapes. */
    static Tensor broadcastWeight(String metric, Tensor weight, Shape shape) {
        if (!weight.shape().broadcastsTo(shape)) throw new IllegalArgumentException(metric + ": sampleWeight of shape "
                + weight.shape() + " does not broadcast to the values' shape " + shape);
        return weight.shape().equals(shape) ? weight : Ops.broadcastTo(weight, shape.dims());
    }

    /** Axes {@code from, from+1, ..., rank-1}. */
    static int[] axesFrom(int from, int rank) {
        int[] axes = new int[Math.max(0, rank - from)];
        for (int i = 0; i < axes.length; i++) axes[i] = from + i;
        return axes;
    }
}
