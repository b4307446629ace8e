package dev.gradus.initializers;

/** Uniform in {@code [-limit, limit]}, {@code limit = sqrt(6 / (fan_in + fan_out))} (Xavier uniform); Keras's default kernel initializer. */
public final class GlorotUniform extends FixedVarianceScaling {
    public GlorotUniform() {
        super(1.0, "fan_avg", "uniform");
    }

    @Override
    public GlorotUniform seed(long seed) {
        super.seed(seed);
        return this;
    }
}
