package dev.gradus.initializers;

/** Truncated normal with {@code stddev = sqrt(1 / fan_in)}. */
public final class LecunNormal extends FixedVarianceScaling {
    public LecunNormal() {
        super(1.0, "fan_in", "truncated_normal");
    }

    @Override
    public LecunNormal seed(long seed) {
        super.seed(seed);
        return this;
    }
}
