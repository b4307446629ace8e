package dev.gradus.optimizers;

import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.util.Check;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019), weight decay 0.004 by default.
 * As in Keras this is exactly {@code new Adam().weightDecay(w)}: the decay is the base pipeline's.
 */
public final class AdamW extends AbstractAdam<AdamW> {
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

    public static AdamW fromConfig(Map<String, Object> config) {
        if (config != null && config.containsKey("weight_decay") && config.get("weight_decay") == null)
            throw new IllegalArgumentException("AdamW: weight_decay must be a number (AdamW is Adam with weight decay), got null");
        return readConfig("AdamW", config, AdamW::new);
    }
}
