package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.oneMinus;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.KerasArgs;

/**
 * Focal loss (Lin et al., 2018) for 0/1 targets: crossentropy scaled by (1 - p_t)^gamma, so that
 * easy examples count less; optionally balanced by alpha for class 1 and 1 - alpha for class 0.
 */
public class BinaryFocalCrossentropy extends CrossentropyLoss<BinaryFocalCrossentropy> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<BinaryFocalCrossentropy> ARGS = KerasArgs.of(BinaryFocalCrossentropy.class, BinaryFocalCrossentropy::new)
            .bool("apply_class_balancing", BinaryFocalCrossentropy::applyClassBalancing, BinaryFocalCrossentropy::applyClassBalancing)
            .real("alpha", BinaryFocalCrossentropy::alpha, BinaryFocalCrossentropy::alpha)
            .real("gamma", BinaryFocalCrossentropy::gamma, BinaryFocalCrossentropy::gamma);

    private boolean applyClassBalancing;
    private double alpha = 0.25;
    private double gamma = 2.0;

    public BinaryFocalCrossentropy() {
        super("binary_focal_crossentropy");
    }

    public BinaryFocalCrossentropy applyClassBalancing(boolean applyClassBalancing) {
        this.applyClassBalancing = applyClassBalancing;
        return this;
    }

    /** The weight of class 1 when balancing, in [0, 1]; class 0 gets 1 - alpha. */
    public BinaryFocalCrossentropy alpha(double alpha) {
        this.alpha = Check.inRange("alpha", alpha, 0, 1);
        return this;
    }

    /** The focusing exponent, >= 0 (0 gives plain crossentropy). */
    public BinaryFocalCrossentropy gamma(double gamma) {
        this.gamma = LossSupport.checkGamma(gamma);
        return this;
    }

    public boolean applyClassBalancing() { return applyClassBalancing; }
    public double alpha() { return alpha; }
    public double gamma() { return gamma; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1], applyClassBalancing, alpha, gamma, fromLogits, labelSmoothing, axis);
    }

    /**
     * (1 - p_t)^gamma * bce, optionally times alpha for class 1 and 1 - alpha for class 0, meaned over
     * {@code axis}. From logits, the sigmoid is applied first and the clipped probability form of bce
     * is used, as Keras does.
     */
    static Tensor compute(Tensor yTrue, Tensor yPred, boolean applyClassBalancing, double alpha,
                                                 double gamma, boolean fromLogits, double labelSmoothing, int axis) {
        String fn = "binary_focal_crossentropy";
        LossSupport.labelSmoothing(labelSmoothing);
        LossSupport.checkGamma(gamma);
        LossSupport.unitInterval("alpha", alpha);
        int ax = LossSupport.sameShapeAxis(fn, yTrue, yPred, axis);
        Tensor t = BinaryCrossentropy.smoothBinary(yTrue, labelSmoothing);
        Tensor p = fromLogits ? Ops.sigmoid(yPred) : yPred;
        Tensor bce = BinaryCrossentropy.bceFromProbabilities(t, p);
        Tensor pt = Ops.add(Ops.mul(t, p), Ops.mul(oneMinus(t), oneMinus(p)));
        Tensor focal = Ops.mul(Ops.pow(oneMinus(pt), gamma), bce);
        if (applyClassBalancing) focal = Ops.mul(Ops.add(Ops.mul(t, alpha), Ops.mul(oneMinus(t), 1 - alpha)), focal);
        return Ops.mean(focal, ax);
    }
}
