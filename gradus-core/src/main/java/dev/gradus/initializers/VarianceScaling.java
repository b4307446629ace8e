package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.RandomFill;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's VarianceScaling: values with variance {@code scale / n}, where n is the fan-in, the fan-out
 * or their mean ({@code mode}, see {@link Initializers#computeFans}), drawn from a truncated normal
 * (stddev corrected for the truncation), an untruncated normal or a uniform distribution.
 * Defaults: scale 1, "fan_in", "truncated_normal".
 */
public class VarianceScaling extends RandomInitializer {
    /** The standard deviation of a unit normal truncated to [-2, 2]. */
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;

    private double scale = 1.0;
    private String mode = "fan_in";
    private String distribution = "truncated_normal";

    public VarianceScaling() {}

    VarianceScaling(double scale, String mode, String distribution) {
        this.scale = scale;
        this.mode = mode;
        this.distribution = distribution;
    }

    public VarianceScaling scale(double scale) {
        this.scale = Check.positive("scale", scale);
        return this;
    }

    public VarianceScaling mode(String mode) {
        this.mode = Check.oneOf("mode", mode, "fan_in", "fan_out", "fan_avg");
        return this;
    }

    /** "truncated_normal", "untruncated_normal" or "uniform"; "normal" means "truncated_normal", as in Keras. */
    public VarianceScaling distribution(String distribution) {
        Check.notNull("distribution", distribution);
        String d = distribution.toLowerCase(Locale.ROOT);
        if (d.equals("normal")) d = "truncated_normal";
        this.distribution = Check.oneOf("distribution", d, "uniform", "truncated_normal", "untruncated_normal");
        return this;
    }

    @Override
    public VarianceScaling seed(long seed) {
        super.seed(seed);
        return this;
    }

    @Override
    protected Tensor generate(Shape shape) {
        int[] fans = Initializers.computeFans(shape);
        double n = switch (mode) {
            case "fan_in" -> fans[0];
            case "fan_out" -> fans[1];
            default -> (fans[0] + fans[1]) / 2.0;
        };
        double variance = scale / Math.max(1.0, n);
        return switch (distribution) {
            case "truncated_normal" -> Tensor.wrap(RandomFill.truncatedNormal(
                    shape.size(), 0, Math.sqrt(variance) / TRUNCATED_STDDEV, effectiveSeed()), shape);
            case "untruncated_normal" -> Tensor.randomNormal(shape, 0, Math.sqrt(variance), effectiveSeed());
            default -> {
                double limit = Math.sqrt(3 * variance);
                yield Tensor.randomUniform(shape, -limit, limit, effectiveSeed());
            }
        };
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "scale", scale, "mode", mode, "distribution", distribution);
    }

    static VarianceScaling fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("VarianceScaling", config);
        VarianceScaling i = readSeed(new VarianceScaling(), r).scale(r.getDouble("scale", 1.0))
                .mode(r.getString("mode", "fan_in")).distribution(r.getString("distribution", "truncated_normal"));
        r.done();
        return i;
    }
}
