package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's UnitNormalization: scales each sample to unit L2 norm over {@code axis} (the last by
 * default, or several), {@code x * min(1 / sqrt(sum(x^2)), 1e12)} as Keras's {@code ops.normalize}
 * with epsilon 1e-12.
 */
public final class UnitNormalization extends FluentLayer<UnitNormalization> {
    private int[] axis = {-1};
    private boolean axisIsList;

    public UnitNormalization() {}

    /** One axis, or several (written as a list in the config). */
    public UnitNormalization axis(int... axis) {
        Check.notNull("axis", axis);
        Check.argument(axis.length > 0, "axis must name at least one axis, got none");
        this.axis = axis.clone();
        this.axisIsList = axis.length > 1;
        return this;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int[] axes = new int[axis.length];
        for (int i = 0; i < axes.length; i++) axes[i] = Shape.normalizeAxis(axis[i], inputs.rank(), "UnitNormalization axis");
        Tensor inverseNorm = Ops.minimum(Ops.rsqrt(Ops.sum(Ops.square(inputs), axes, true)), 1e12);
        return Ops.mul(inputs, inverseNorm);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axis", axisIsList ? LayerArgs.list(axis) : (Object) axis[0]);
    }

    public static UnitNormalization fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("UnitNormalization", config);
        UnitNormalization layer = new UnitNormalization();
        if (r.get("axis") instanceof List<?>) {
            layer.axis(LayerArgs.ints(r, "axis", null));
            layer.axisIsList = true;
        } else {
            layer.axis(r.getInt("axis", -1));
        }
        readBase(layer, r);
        r.done();
        return layer;
    }

    @Override
    protected boolean builtAtInit() {
        return true;
    }
}
