package dev.gradus.constraints;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code w / (eps + ||w||)} with the L2 norm over {@code axis} (0 by default). */
public final class UnitNorm extends BaseConstraint {
    private int[] axis = {0};

    public UnitNorm axis(int... axis) {
        this.axis = checkAxes(axis);
        return this;
    }

    @Override
    protected Tensor project(Tensor w) {
        return Ops.div(w, Ops.add(norms(w, axis, "UnitNorm"), EPSILON));
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("axis", axisConfig(axis));
    }

    static UnitNorm fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("UnitNorm", config);
        UnitNorm c = new UnitNorm().axis(readAxis(r));
        r.done();
        return c;
    }
}
