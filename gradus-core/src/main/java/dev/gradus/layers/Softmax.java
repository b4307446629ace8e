package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's Softmax layer: {@code exp(x) / sum(exp(x))} over {@code axis} (the last by default), or over
 * several axes at once ({@code exp(x - logsumexp(x, axes))}). With a mask (Keras's {@code mask} call
 * argument, 1 = keep) the masked entries get -1e9 before the softmax and 0 after it, as Keras's.
 */
public final class Softmax extends ShapePreservingLayer<Softmax> {
    private final AxisArgument axis = new AxisArgument();

    public Softmax() {}

    /** One axis, or several (written as a list in the config). */
    public Softmax axis(int... axis) {
        this.axis.set(axis);
        return this;
    }

    /** Keras's large negative number for float32: masked entries weigh exp(-1e9) = 0. */
    private static final double MASKED = -1e9;

    @Override
    public Tensor call(Tensor inputs, Tensor mask, boolean training) {
        if (mask == null) return call(inputs, training);
        Tensor keep = Ops.greater(mask, 0.5);
        while (keep.rank() < inputs.rank()) keep = Ops.expandDims(keep, -1);
        return Ops.mul(call(Ops.where(keep, inputs, MASKED), training), keep);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int[] axes = axis.resolve(inputs.rank(), "Softmax axis");
        if (axes.length == 1) return Ops.softmax(inputs, axes[0]);
        return Ops.exp(Ops.sub(inputs, Ops.logSumExp(inputs, axes, true)));
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axis", axis.toConfig());
    }

    public static Softmax fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Softmax", config);
        Softmax layer = new Softmax();
        layer.axis.read(r);
        readBase(layer, r);
        r.done();
        return layer;
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
