package dev.gradus.optimizers.schedules;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code initial_learning_rate / (1 + decay_rate * step / decay_steps)}, the ratio floored when {@code staircase}. */
public final class InverseTimeDecay extends AbstractLearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private boolean staircase;

    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
        super("InverseTimeDecay");
        this.initialLearningRate = Check.finite("initial_learning_rate", initialLearningRate);
        this.decaySteps = positiveSteps("decay_steps", decaySteps);
        this.decayRate = Check.finite("decay_rate", decayRate);
    }

    public InverseTimeDecay staircase(boolean staircase) {
        this.staircase = staircase;
        return this;
    }

    @Override
    public double apply(long step) {
        checkStep("InverseTimeDecay", step);
        double p = (double) step / decaySteps;
        if (staircase) p = Math.floor(p);
        return initialLearningRate / (1 + decayRate * p);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("initial_learning_rate", initialLearningRate, "decay_steps", decaySteps,
                "decay_rate", decayRate, "staircase", staircase, "name", name());
    }

    public static InverseTimeDecay fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("InverseTimeDecay", config);
        InverseTimeDecay s = new InverseTimeDecay(requireDouble(r, "InverseTimeDecay", "initial_learning_rate"),
                requireLong(r, "InverseTimeDecay", "decay_steps"), requireDouble(r, "InverseTimeDecay", "decay_rate"))
                .staircase(r.getBoolean("staircase", false));
        s.name(r.getString("name", "InverseTimeDecay"));
        r.done();
        return s;
    }
}
