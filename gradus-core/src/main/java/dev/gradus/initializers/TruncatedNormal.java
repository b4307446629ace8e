package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.RandomFill;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** Normal values with {@code mean} (0) and {@code stddev} (0.05), redrawn when more than two standard deviations from the mean. */
public final class TruncatedNormal extends RandomInitializer {
    private double mean = 0.0;
    private double stddev = 0.05;

    public TruncatedNormal mean(double mean) {
        this.mean = Check.finite("mean", mean);
        return this;
    }

    public TruncatedNormal stddev(double stddev) {
        this.stddev = Check.nonNegative("stddev", stddev);
        return this;
    }

    @Override
    public TruncatedNormal seed(long seed) {
        super.seed(seed);
        return this;
    }

    @Override
    protected Tensor generate(Shape shape) {
        return Tensor.wrap(RandomFill.truncatedNormal(shape.size(), mean, stddev, effectiveSeed()), shape);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "mean", mean, "stddev", stddev);
    }

    static TruncatedNormal fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("TruncatedNormal", config);
        TruncatedNormal i = readSeed(new TruncatedNormal(), r).mean(r.getDouble("mean", 0.0)).stddev(r.getDouble("stddev", 0.05));
        r.done();
        return i;
    }
}
