package dev.gradus.initializers;

/** Truncated normal with {@code stddev = sqrt(2 / (fan_in + fan_out))} (Xavier normal). */
public final class GlorotNormal extends FixedVarianceScaling {
    public GlorotNormal() {
        super(1.0, "fan_avg", "truncated_normal");
    }

    @Override
    public GlorotNormal seed(long seed) {
        super.seed(seed);
        return this;
    }
}
