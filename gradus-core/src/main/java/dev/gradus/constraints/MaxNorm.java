package dev.gradus.constraints;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Rescales each slice whose L2 norm over {@code axis} exceeds {@code maxValue}: {@code w * clip(n, 0, max)
 * / (eps + n)}. Defaults: max value 2, axis 0 (each column of a Dense kernel; use {0, 1, 2} for a Conv2D
 * filter).
 */
public final class MaxNorm extends BaseConstraint {
    private double maxValue = 2;
    private int[] axis = {0};

    public MaxNorm() {}

    public MaxNorm(double maxValue) {
        maxValue(maxValue);
    }

    public MaxNorm maxValue(double maxValue) {
        this.maxValue = Check.nonNegative("max_value", maxValue);
        return this;
    }

    public MaxNorm axis(int... axis) {
        this.axis = checkAxes(axis);
        return this;
    }

    @Override
    protected Tensor project(Tensor w) {
        Tensor norms = norms(w, axis, "MaxNorm");
        Tensor desired = Ops.clip(norms, 0, maxValue);
        return Ops.mul(w, Ops.div(desired, Ops.add(norms, EPSILON)));
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("max_value", maxValue, "axis", axisConfig(axis));
    }

    static MaxNorm fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("MaxNorm", config);
        MaxNorm c = new MaxNorm(r.getDouble("max_value", 2)).axis(readAxis(r));
        r.done();
        return c;
    }
}
