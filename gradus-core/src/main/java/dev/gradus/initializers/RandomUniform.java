package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** Uniform values in {@code [minval, maxval)}, by default {@code [-0.05, 0.05)}. */
public final class RandomUniform extends RandomInitializer {
    private double minval = -0.05;
    private double maxval = 0.05;

    public RandomUniform minval(double minval) {
        this.minval = Check.finite("minval", minval);
        return this;
    }

    public RandomUniform maxval(double maxval) {
        this.maxval = Check.finite("maxval", maxval);
        return this;
    }

    @Override
    public RandomUniform seed(long seed) {
        super.seed(seed);
        return this;
    }

    @Override
    protected Tensor generate(Shape shape) {
        // checked here rather than in the setters, so that minval and maxval can be set in either order
        Check.argument(minval <= maxval, "RandomUniform: expected minval <= maxval, got minval=" + minval + ", maxval=" + maxval);
        return Tensor.randomUniform(shape, minval, maxval, effectiveSeed());
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "minval", minval, "maxval", maxval);
    }

    static RandomUniform fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("RandomUniform", config);
        RandomUniform i = readSeed(new RandomUniform(), r).minval(r.getDouble("minval", -0.05)).maxval(r.getDouble("maxval", 0.05));
        r.done();
        return i;
    }
}
