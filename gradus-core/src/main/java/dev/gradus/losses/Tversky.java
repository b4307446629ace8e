package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;
import static dev.gradus.losses.LossSupport.oneMinus;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.KerasArgs;

/**
 * 1 - Tversky index (Salehi et al., 2017), for segmentation: alpha weighs false positives and beta
 * false negatives; alpha = beta = 0.5 is Dice. Sums over everything unless {@code axis} is given.
 */
public class Tversky extends FluentLoss<Tversky> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Tversky> ARGS = KerasArgs.of(Tversky.class, Tversky::new)
            .real("alpha", Tversky::alpha, Tversky::alpha)
            .real("beta", Tversky::beta, Tversky::beta)
            .ints("axis", Tversky::axis, Tversky::axis);

    private double alpha = 0.5;
    private double beta = 0.5;
    private int[] axis;

    public Tversky() {
        super("tversky");
    }

    public Tversky alpha(double alpha) {
        this.alpha = Check.finite("alpha", alpha);
        return this;
    }

    public Tversky beta(double beta) {
        this.beta = Check.finite("beta", beta);
        return this;
    }

    /** The axes to sum over; none (or null) for all. */
    public Tversky axis(int... axis) {
        this.axis = axis == null || axis.length == 0 ? null : axis.clone();
        return this;
    }

    public double alpha() { return alpha; }
    public double beta() { return beta; }
    public int[] axis() { return axis == null ? null : axis.clone(); }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1], alpha, beta, axis);
    }

    /** 1 - TP / (TP + alpha FP + beta FN + eps), summed over {@code axes} (null: all). */
    static Tensor compute(Tensor yTrue, Tensor yPred, double alpha, double beta, int[] axes) {
        LossSupport.checkPair("tversky", yTrue, yPred);
        Tensor tp = Dice.sumOver(Ops.mul(yTrue, yPred), axes);
        Tensor fp = Dice.sumOver(Ops.mul(oneMinus(yTrue), yPred), axes);
        Tensor fn = Dice.sumOver(Ops.mul(yTrue, oneMinus(yPred)), axes);
        Tensor denominator = Ops.add(Ops.add(Ops.add(tp, Ops.mul(fp, alpha)), Ops.mul(fn, beta)), EPSILON);
        return oneMinus(Ops.div(tp, denominator));
    }
}
