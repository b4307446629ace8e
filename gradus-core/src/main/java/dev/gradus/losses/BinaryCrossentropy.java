package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

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
        return Losses.binaryCrossentropy(a[0], a[1], fromLogits, labelSmoothing, axis);
    }
}
