package dev.gradus.initializers;

import dev.gradus.util.Config;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Glorot, He and LeCun: VarianceScaling with a fixed scale, mode and distribution. Their only
 * argument, and their whole config, is the seed; the VarianceScaling setters are closed so that a
 * {@code GlorotUniform} always is one.
 */
abstract class FixedVarianceScaling extends VarianceScaling {
    FixedVarianceScaling(double scale, String mode, String distribution) {
        super(scale, mode, distribution);
    }

    @Override
    public final VarianceScaling scale(double scale) {
        throw fixed("scale");
    }

    @Override
    public final VarianceScaling mode(String mode) {
        throw fixed("mode");
    }

    @Override
    public final VarianceScaling distribution(String distribution) {
        throw fixed("distribution");
    }

    private UnsupportedOperationException fixed(String what) {
        return new UnsupportedOperationException(getClass().getSimpleName() + " has a fixed " + what
                + "; use new VarianceScaling() to choose it");
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("seed", seed());
    }

    static <T extends FixedVarianceScaling> T fromConfig(String name, Supplier<T> make, Map<String, Object> config) {
        Config.Reader r = Config.read(name, config);
        T i = readSeed(make.get(), r);
        r.done();
        return i;
    }
}
