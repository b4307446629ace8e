package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's Softmax layer: {@code exp(x) / sum(exp(x))} over {@code axis} (the last by default), or over
 * several axes at once ({@code exp(x - logsumexp(x, axes))}). Keras's {@code mask} call argument is not
 * supported here (see docs/differences.md).
 */
public final class Softmax extends FluentLayer<Softmax> {
    private int[] axis = {-1};
    private boolean axisIsList;

    public Softmax() {}

    /** One axis, or several (written as a list in the config). */
    public Softmax axis(int... axis) {
        Check.notNull("axis", axis);
        Check.argument(axis.length > 0, "axis must name at least one axis, got none");
        this.axis = axis.clone();
        this.axisIsList = axis.length > 1;
        return this;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (axis.length == 1) return Ops.softmax(inputs, Shape.normalizeAxis(axis[0], inputs.rank(), "Softmax axis"));
        int[] axes = new int[axis.length];
        for (int i = 0; i < axes.length; i++) axes[i] = Shape.normalizeAxis(axis[i], inputs.rank(), "Softmax axis");
        return Ops.exp(Ops.sub(inputs, Ops.logSumExp(inputs, axes, true)));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axis", axisIsList ? LayerArgs.list(axis) : (Object) axis[0]);
    }

    public static Softmax fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Softmax", config);
        Softmax layer = new Softmax();
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
