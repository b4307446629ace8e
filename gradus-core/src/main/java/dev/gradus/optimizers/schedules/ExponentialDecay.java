package dev.gradus.optimizers.schedules;

import java.util.Map;

/** {@code initial_learning_rate * decay_rate ^ (step / decay_steps)}, the exponent floored when {@code staircase}. */
public final class ExponentialDecay extends StaircaseDecay<ExponentialDecay> {
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        super("ExponentialDecay", initialLearningRate, decaySteps, decayRate);
    }

    @Override
    double decay(double p) {
        return initialLearningRate * Math.pow(decayRate, p);
    }

    public static ExponentialDecay fromConfig(Map<String, Object> config) {
        return fromConfig("ExponentialDecay", config, ExponentialDecay::new);
    }
}
