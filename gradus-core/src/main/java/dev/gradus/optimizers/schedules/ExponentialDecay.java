package dev.gradus.optimizers.schedules;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code initial_learning_rate * decay_rate ^ (step / decay_steps)}, the exponent floored when {@code staircase}. */
public final class ExponentialDecay extends AbstractLearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private boolean staircase;

    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        super("ExponentialDecay");
        this.initialLearningRate = Check.finite("initial_learning_rate", initialLearningRate);
        this.decaySteps = positiveSteps("decay_steps", decaySteps);
        this.decayRate = Check.finite("decay_rate", decayRate);
    }

    /** Decay at whole multiples of {@code decay_steps} only. */
    public ExponentialDecay staircase(boolean staircase) {
        this.staircase = staircase;
        return this;
    }

    @Override
    public double apply(long step) {
        checkStep("ExponentialDecay", step);
        double p = (double) step / decaySteps;
        if (staircase) p = Math.floor(p);
        return initialLearningRate * Math.pow(decayRate, p);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("initial_learning_rate", initialLearningRate, "decay_steps", decaySteps,
                "decay_rate", decayRate, "staircase", staircase, "name", name());
    }

    public static ExponentialDecay fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("ExponentialDecay", config);
        ExponentialDecay s = new ExponentialDecay(requireDouble(r, "ExponentialDecay", "initial_learning_rate"),
                requireLong(r, "ExponentialDecay", "decay_steps"), requireDouble(r, "ExponentialDecay", "decay_rate"))
                .staircase(r.getBoolean("staircase", false));
        s.name(r.getString("name", "ExponentialDecay"));
        r.done();
        return s;
    }
}
