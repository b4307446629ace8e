package dev.gradus.initializers;

/** Truncated normal with {@code stddev = sqrt(2 / fan_in)}. */
public final class HeNormal extends FixedVarianceScaling {
    public HeNormal() {
        super(2.0, "fan_in", "truncated_normal");
    }

    @Override
    public HeNormal seed(long seed) {
        super.seed(seed);
        return this;
    }
}
