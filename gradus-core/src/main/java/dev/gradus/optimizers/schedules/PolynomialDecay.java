package dev.gradus.optimizers.schedules;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * {@code (initial - end) * (1 - step / decay_steps) ^ power + end}, with the step held at
 * {@code decay_steps}, or, when {@code cycle}, {@code decay_steps} stretched to the first multiple
 * not below the step.
 */
public final class PolynomialDecay extends AbstractLearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private double endLearningRate = 0.0001;
    private double power = 1.0;
    private boolean cycle;

    public PolynomialDecay(double initialLearningRate, long decaySteps) {
        super("PolynomialDecay");
        this.initialLearningRate = Check.finite("initial_learning_rate", initialLearningRate);
        this.decaySteps = positiveSteps("decay_steps", decaySteps);
    }

    public PolynomialDecay endLearningRate(double endLearningRate) {
        this.endLearningRate = Check.finite("end_learning_rate", endLearningRate);
        return this;
    }

    public PolynomialDecay power(double power) {
        this.power = Check.finite("power", power);
        return this;
    }

    public PolynomialDecay cycle(boolean cycle) {
        this.cycle = cycle;
        return this;
    }

    @Override
    public double apply(long step) {
        checkStep("PolynomialDecay", step);
        double s = step, d = decaySteps;
        if (cycle) d *= step == 0 ? 1 : Math.ceil(s / decaySteps);
        else s = Math.min(s, d);
        return (initialLearningRate - endLearningRate) * Math.pow(1 - s / d, power) + endLearningRate;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("initial_learning_rate", initialLearningRate, "decay_steps", decaySteps,
                "end_learning_rate", endLearningRate, "power", power, "cycle", cycle, "name", name());
    }

    public static PolynomialDecay fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("PolynomialDecay", config);
        PolynomialDecay s = new PolynomialDecay(requireDouble(r, "PolynomialDecay", "initial_learning_rate"),
                requireLong(r, "PolynomialDecay", "decay_steps"))
                .endLearningRate(r.getDouble("end_learning_rate", 0.0001))
                .power(r.getDouble("power", 1.0))
                .cycle(r.getBoolean("cycle", false));
        s.name(r.getString("name", "PolynomialDecay"));
        r.done();
        return s;
    }
}
