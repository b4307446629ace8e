package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

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
        return Losses.categoricalCrossentropy(a[0], a[1], fromLogits, labelSmoothing, axis);
    }
}
