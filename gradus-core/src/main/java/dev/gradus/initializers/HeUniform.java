package dev.gradus.initializers;

/** Uniform in {@code [-limit, limit]}, {@code limit = sqrt(6 / fan_in)}. */
public final class HeUniform extends FixedVarianceScaling {
    public HeUniform() {
        super(2.0, "fan_in", "uniform");
    }

    @Override
    public HeUniform seed(long seed) {
        super.seed(seed);
        return this;
    }
}
