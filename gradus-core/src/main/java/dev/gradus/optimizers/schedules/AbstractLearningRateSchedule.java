package dev.gradus.optimizers.schedules;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The shared part of the serializable schedules: a name, and equality by config, so that
 * {@code fromConfig(getConfig())} gives an equal schedule. A subclass writes its formula and its
 * config.
 */
public abstract class AbstractLearningRateSchedule implements LearningRateSchedule {
    private String name;

    protected AbstractLearningRateSchedule(String defaultName) {
        this.name = defaultName;
    }

    public String name() {
        return name;
    }

    /** The name Keras gives the schedule's operations; kept in the config. */
    public AbstractLearningRateSchedule name(String name) {
        this.name = Check.notNull("name", name);
        return this;
    }

    @Override
    public abstract Map<String, Object> getConfig();

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && getConfig().equals(((LearningRateSchedule) o).getConfig());
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode() * 31 + getConfig().hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + getConfig();
    }

    /** Checks a decay length, as every Keras schedule does. */
    static long positiveSteps(String what, long steps) {
        if (steps <= 0) throw new IllegalArgumentException(what + " must be > 0, got " + steps);
        return steps;
    }

    static void checkStep(String schedule, long step) {
        if (step < 0) throw new IllegalArgumentException(schedule + ": step must be >= 0, got " + step);
    }

    /** A required number in a config; Keras's constructors take it positionally. */
    static double requireDouble(Config.Reader r, String schedule, String key) {
        if (!r.has(key)) throw new IllegalArgumentException(schedule + ": config key '" + key + "' is required");
        return r.getDouble(key, 0);
    }

    static long requireLong(Config.Reader r, String schedule, String key) {
        if (!r.has(key)) throw new IllegalArgumentException(schedule + ": config key '" + key + "' is required");
        return r.getLong(key, 0);
    }
}
