package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** Normal values with {@code mean} (0) and {@code stddev} (0.05). */
public final class RandomNormal extends RandomInitializer {
    private double mean = 0.0;
    private double stddev = 0.05;

    public RandomNormal mean(double mean) {
        this.mean = Check.finite("mean", mean);
        return this;
    }

    public RandomNormal stddev(double stddev) {
        this.stddev = Check.nonNegative("stddev", stddev);
        return this;
    }

    @Override
    public RandomNormal seed(long seed) {
        super.seed(seed);
        return this;
    }

    @Override
    protected Tensor generate(Shape shape) {
        return Tensor.randomNormal(shape, mean, stddev, effectiveSeed());
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "mean", mean, "stddev", stddev);
    }

    static RandomNormal fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("RandomNormal", config);
        RandomNormal i = readSeed(new RandomNormal(), r).mean(r.getDouble("mean", 0.0)).stddev(r.getDouble("stddev", 0.05));
        r.done();
        return i;
    }
}
