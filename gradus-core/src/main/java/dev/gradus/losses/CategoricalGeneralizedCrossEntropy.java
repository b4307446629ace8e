package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

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
        this.q = Losses.checkQ(q);
        return this;
    }

    public double q() { return q; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.categoricalGeneralizedCrossEntropy(a[0], a[1], q);
    }
}
