package dev.gradus.optimizers;

import dev.gradus.util.KerasArgs;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.util.Check;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019), weight decay 0.004 by default.
 * As in Keras this is exactly {@code new Adam().weightDecay(w)}: the decay is the base pipeline's.
 */
public final class AdamW extends AbstractAdam<AdamW> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<AdamW> ARGS = KerasArgs.of(AdamW.class, AdamW::new);

    public AdamW() {
        this(0.001);
    }

    public AdamW(double learningRate) {
        super("adamw", learningRate);
        weightDecay(0.004);
    }

    /** With a learning-rate schedule, as Keras's {@code AdamW(learning_rate=schedule)}. */
    public AdamW(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    /** AdamW is Adam with weight decay: Keras refuses {@code weight_decay=None} for it. */
    @Override
    void setWeightDecay(Double wd) {
        if (wd == null) throw new IllegalArgumentException(
                "AdamW: weight_decay must be a number (AdamW is Adam with weight decay), got null");
        super.setWeightDecay(wd);
    }
}
