package dev.gradus.initializers;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The shared part of RandomNormal and TruncatedNormal: {@code mean} (0) and {@code stddev} (0.05),
 * their checks, config and reading. A subclass writes how the values are drawn.
 *
 * @param <T> the concrete initializer, so that the fluent setters return it
 */
abstract class NormalInitializer<T extends NormalInitializer<T>> extends RandomInitializer {
    double mean = 0.0;
    double stddev = 0.05;

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    public T mean(double mean) {
        this.mean = Check.finite("mean", mean);
        return self();
    }

    public T stddev(double stddev) {
        this.stddev = Check.nonNegative("stddev", stddev);
        return self();
    }

    @Override
    public T seed(long seed) {
        super.seed(seed);
        return self();
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "mean", mean, "stddev", stddev);
    }

    /** Reads seed, mean and stddev into {@code init} and checks that nothing else is there. */
    static <T extends NormalInitializer<T>> T readConfig(T init, String what, Map<String, Object> config) {
        Config.Reader r = Config.read(what, config);
        T i = readSeed(init, r).mean(r.getDouble("mean", 0.0)).stddev(r.getDouble("stddev", 0.05));
        r.done();
        return i;
    }
}
