package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;
import static dev.gradus.losses.LossSupport.oneMinus;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/**
 * Crossentropy for 0/1 targets, meaned over {@code axis}. Give {@code fromLogits(true)} when the
 * model outputs logits: that path is exact for any logit, where probabilities are clipped to
 * [1e-7, 1 - 1e-7] in float32.
 */
public class BinaryCrossentropy extends CrossentropyLoss<BinaryCrossentropy> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<BinaryCrossentropy> ARGS = KerasArgs.of(BinaryCrossentropy.class, BinaryCrossentropy::new);

    public BinaryCrossentropy() {
        super("binary_crossentropy");
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1], fromLogits, labelSmoothing, axis);
    }

    /**
     * Mean over {@code axis} of -[t log p + (1 - t) log(1 - p)], t = y_true (1 - ls) + ls / 2. From
     * probabilities p is clipped to [eps, 1 - eps] in float32; from logits the stable form
     * -[t log sigmoid(x) + (1 - t) log sigmoid(-x)] is used.
     */
    static Tensor compute(Tensor yTrue, Tensor yPred, boolean fromLogits, double labelSmoothing, int axis) {
        String fn = "binary_crossentropy";
        LossSupport.labelSmoothing(labelSmoothing);
        int ax = LossSupport.sameShapeAxis(fn, yTrue, yPred, axis);
        Tensor t = smoothBinary(yTrue, labelSmoothing);
        Tensor bce = fromLogits ? bceFromLogits(t, yPred) : bceFromProbabilities(t, yPred);
        return Ops.mean(bce, ax);
    }

    static Tensor smoothBinary(Tensor yTrue, double labelSmoothing) {
        if (labelSmoothing == 0) return yTrue;
        return Ops.add(Ops.mul(yTrue, 1.0 - labelSmoothing), 0.5 * labelSmoothing);
    }

    /** Elementwise, as Keras's backend: the clip happens in float32, so 1 - eps is 0.99999988. */
    static Tensor bceFromProbabilities(Tensor t, Tensor p) {
        Tensor clipped = Ops.clip(p, EPSILON, 1 - EPSILON);
        Tensor bce = Ops.add(Ops.mul(t, Ops.log(clipped)), Ops.mul(oneMinus(t), Ops.log(oneMinus(clipped))));
        return Ops.neg(bce);
    }

    /**
     * Keras's -[t log sigmoid(x) + (1 - t) log sigmoid(-x)], written as the equal softplus(x) - t x:
     * three ops instead of eight, each exact for any logit (softplus(x) = max(x, 0) + log1p(exp(-|x|))),
     * and a backward pass of sigmoid(x) - t.
     */
    static Tensor bceFromLogits(Tensor t, Tensor x) {
        return Ops.sub(Ops.softplus(x), Ops.mul(t, x));
    }
}
