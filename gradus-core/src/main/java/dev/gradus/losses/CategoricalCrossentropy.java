package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/**
 * Crossentropy for one-hot (or soft) targets along {@code axis}. From probabilities each row is
 * renormalised to sum 1 and clipped to [1e-7, 1 - 1e-7]; from logits a fused log-softmax is used.
 */
public class CategoricalCrossentropy extends CrossentropyLoss<CategoricalCrossentropy> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CategoricalCrossentropy> ARGS = KerasArgs.of(CategoricalCrossentropy.class, CategoricalCrossentropy::new);

    public CategoricalCrossentropy() {
        super("categorical_crossentropy");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1], fromLogits, labelSmoothing, axis);
    }

    /**
     * -sum(t * log q) over {@code axis}, t = y_true (1 - ls) + ls / C. From logits q is the
     * softmax (computed as a fused log-softmax); from probabilities each row is first divided by its
     * sum, then clipped to [eps, 1 - eps].
     */
    static Tensor compute(Tensor yTrue, Tensor yPred, boolean fromLogits, double labelSmoothing, int axis) {
        String fn = "categorical_crossentropy";
        LossSupport.labelSmoothing(labelSmoothing);
        int ax = LossSupport.sameShapeAxis(fn, yTrue, yPred, axis);
        Tensor t = smoothCategorical(yTrue, labelSmoothing, ax);
        return Ops.neg(Ops.sum(Ops.mul(t, logProbabilities(yPred, fromLogits, ax)), ax));
    }

    /** The number of classes is the size of the class {@code axis} (Keras 3.16; older versions used the last axis). */
    static Tensor smoothCategorical(Tensor yTrue, double labelSmoothing, int axis) {
        if (labelSmoothing == 0) return yTrue;
        float numClasses = yTrue.dim(axis);
        return Ops.add(Ops.mul(yTrue, 1.0 - labelSmoothing), (float) labelSmoothing / numClasses);
    }

    static Tensor logProbabilities(Tensor yPred, boolean fromLogits, int axis) {
        if (fromLogits) return Ops.logSoftmax(yPred, axis);
        return Ops.log(Ops.clip(renormalize(yPred, axis), EPSILON, 1 - EPSILON));
    }

    static Tensor renormalize(Tensor yPred, int axis) {
        return Ops.div(yPred, Ops.sum(yPred, new int[] {axis}, true));
    }
}
