package dev.gradus.initializers;

/** Uniform in {@code [-limit, limit]}, {@code limit = sqrt(3 / fan_in)}. */
public final class LecunUniform extends FixedVarianceScaling {
    public LecunUniform() {
        super(1.0, "fan_in", "uniform");
    }

    @Override
    public LecunUniform seed(long seed) {
        super.seed(seed);
        return this;
    }
}
