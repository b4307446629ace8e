package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.atLeastRank1;
import static dev.gradus.losses.LossSupport.notNull;
import static dev.gradus.losses.LossSupport.oneMinus;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/**
 * Generalized crossentropy (Zhang and Sabuncu, 2018), robust to noisy labels: (1 - p^q) / q with p
 * the predicted probability of the integer label; q near 0 behaves like crossentropy, q near 1
 * like mean absolute error.
 */
public class CategoricalGeneralizedCrossEntropy extends FluentLoss<CategoricalGeneralizedCrossEntropy> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CategoricalGeneralizedCrossEntropy> ARGS = KerasArgs.of(CategoricalGeneralizedCrossEntropy.class, CategoricalGeneralizedCrossEntropy::new)
            .real("q", CategoricalGeneralizedCrossEntropy::q, CategoricalGeneralizedCrossEntropy::q);

    private double q = 0.5;

    public CategoricalGeneralizedCrossEntropy() {
        super("categorical_generalized_cross_entropy");
    }

    /** In the open interval (0, 1). */
    public CategoricalGeneralizedCrossEntropy q(double q) {
        this.q = checkQ(q);
        return this;
    }

    public double q() { return q; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1], q);
    }

    /** (1 - p^q) / q, p = y_pred at the integer label y_true (no clipping), 0 < q < 1. */
    static Tensor compute(Tensor yTrue, Tensor yPred, double q) {
        String fn = "categorical_generalized_cross_entropy";
        checkQ(q);
        notNull(fn, "y_true", yTrue);
        notNull(fn, "y_pred", yPred);
        atLeastRank1(fn, yPred);
        yTrue = LossSupport.squeezeLabels(yTrue, yPred);
        int numClasses = yPred.dim(-1);
        LossSupport.classIndices(fn, yTrue, numClasses, null);
        Tensor p = Ops.sum(Ops.mul(yPred, Ops.oneHot(Ops.stopGradient(yTrue), numClasses)), -1);
        return Ops.div(oneMinus(Ops.pow(p, q)), q);
    }

    static double checkQ(double q) {
        if (!(q > 0 && q < 1)) throw new IllegalArgumentException("q must be in the open interval (0, 1), got " + q);
        return q;
    }
}
