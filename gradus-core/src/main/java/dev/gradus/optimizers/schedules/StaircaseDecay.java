package dev.gradus.optimizers.schedules;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The shared part of {@link ExponentialDecay} and {@link InverseTimeDecay}: an initial learning rate
 * decayed by {@code decay_rate} as a function of {@code p = step / decay_steps}, floored when
 * {@code staircase}; their arguments, checks and config. A subclass writes its formula in {@link #decay}.
 */
abstract class StaircaseDecay<S extends StaircaseDecay<S>> extends AbstractLearningRateSchedule {
    final double initialLearningRate;
    final long decaySteps;
    final double decayRate;
    private boolean staircase;

    StaircaseDecay(String name, double initialLearningRate, long decaySteps, double decayRate) {
        super(name);
        this.initialLearningRate = Check.finite("initial_learning_rate", initialLearningRate);
        this.decaySteps = positiveSteps("decay_steps", decaySteps);
        this.decayRate = Check.finite("decay_rate", decayRate);
    }

    /** Decay at whole multiples of {@code decay_steps} only. */
    @SuppressWarnings("unchecked")
    public S staircase(boolean staircase) {
        this.staircase = staircase;
        return (S) this;
    }

    /** The learning rate at {@code p = step / decay_steps} (already floored when {@code staircase}). */
    abstract double decay(double p);

    @Override
    public double apply(long step) {
        checkStep(getClass().getSimpleName(), step);
        double p = (double) step / decaySteps;
        if (staircase) p = Math.floor(p);
        return decay(p);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("initial_learning_rate", initialLearningRate, "decay_steps", decaySteps,
                "decay_rate", decayRate, "staircase", staircase, "name", name());
    }

    interface Constructor<S> {
        S create(double initialLearningRate, long decaySteps, double decayRate);
    }

    /** Reads the config of the schedule class {@code schedule}, built by {@code constructor}. */
    static <S extends StaircaseDecay<S>> S fromConfig(String schedule, Map<String, Object> config, Constructor<S> constructor) {
        Config.Reader r = Config.read(schedule, config);
        S s = constructor.create(requireDouble(r, schedule, "initial_learning_rate"),
                requireLong(r, schedule, "decay_steps"), requireDouble(r, schedule, "decay_rate"))
                .staircase(r.getBoolean("staircase", false));
        s.name(r.getString("name", schedule));
        r.done();
        return s;
    }
}
