package dev.gradus.optimizers.schedules;

import java.util.Map;

/** {@code initial_learning_rate / (1 + decay_rate * step / decay_steps)}, the ratio floored when {@code staircase}. */
public final class InverseTimeDecay extends StaircaseDecay<InverseTimeDecay> {
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
        super("InverseTimeDecay", initialLearningRate, decaySteps, decayRate);
    }

    @Override
    double decay(double p) {
        return initialLearningRate / (1 + decayRate * p);
    }

    public static InverseTimeDecay fromConfig(Map<String, Object> config) {
        return fromConfig("InverseTimeDecay", config, InverseTimeDecay::new);
    }
}
