package dev.gradus.constraints;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Moves each slice's L2 norm over {@code axis} towards {@code [minValue, maxValue]}: the desired norm is
 * {@code rate * clip(n, min, max) + (1 - rate) * n}. Defaults: min 0, max 1, rate 1 (strict), axis 0.
 */
public final class MinMaxNorm extends BaseConstraint {
    private double minValue = 0.0;
    private double maxValue = 1.0;
    private double rate = 1.0;
    private int[] axis = {0};

    public MinMaxNorm minValue(double minValue) {
        this.minValue = Check.nonNegative("min_value", minValue);
        return this;
    }

    public MinMaxNorm maxValue(double maxValue) {
        this.maxValue = Check.nonNegative("max_value", maxValue);
        return this;
    }

    public MinMaxNorm rate(double rate) {
        this.rate = Check.inRange("rate", rate, 0, 1);
        return this;
    }

    public MinMaxNorm axis(int... axis) {
        this.axis = checkAxes(axis);
        return this;
    }

    @Override
    protected Tensor project(Tensor w) {
        Check.argument(minValue <= maxValue, "MinMaxNorm: expected min_value <= max_value, got min_value=" + minValue + ", max_value=" + maxValue);
        Tensor norms = norms(w, axis, "MinMaxNorm");
        Tensor desired = Ops.add(Ops.mul(Ops.clip(norms, minValue, maxValue), rate), Ops.mul(norms, 1 - rate));
        return Ops.mul(w, Ops.div(desired, Ops.add(norms, EPSILON)));
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("min_value", minValue, "max_value", maxValue, "rate", rate, "axis", axisConfig(axis));
    }

    static MinMaxNorm fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("MinMaxNorm", config);
        MinMaxNorm c = new MinMaxNorm().minValue(r.getDouble("min_value", 0.0)).maxValue(r.getDouble("max_value", 1.0))
                .rate(r.getDouble("rate", 1.0)).axis(readAxis(r));
        r.done();
        return c;
    }
}
