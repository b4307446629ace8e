package dev.gradus.optimizers;

import dev.gradus.util.KerasArgs;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.util.Check;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2014): {@code m += (g - m)(1 - beta_1); v += (g^2 - v)(1 - beta_2);
 * w -= alpha * m / (sqrt(v) + epsilon)} with {@code alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)}.
 * Keras's defaults: learning rate 0.001, betas 0.9 and 0.999, epsilon 1e-7.
 */
public final class Adam extends AbstractAdam<Adam> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Adam> ARGS = KerasArgs.of(Adam.class, Adam::new);

    public Adam() {
        this(0.001);
    }

    public Adam(double learningRate) {
        super("adam", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code Adam(learning_rate=schedule)}. */
    public Adam(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }
}
