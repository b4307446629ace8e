package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's UnitNormalization: scales each sample to unit L2 norm over {@code axis} (the last by
 * default, or several), {@code x * min(1 / sqrt(sum(x^2)), 1e12)} as Keras's {@code ops.normalize}
 * with epsilon 1e-12.
 */
public final class UnitNormalization extends ShapePreservingLayer<UnitNormalization> {
    private final AxisArgument axis = new AxisArgument();

    public UnitNormalization() {}

    /** One axis, or several (written as a list in the config). */
    public UnitNormalization axis(int... axis) {
        this.axis.set(axis);
        return this;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int[] axes = axis.resolve(inputs.rank(), "UnitNormalization axis");
        Tensor inverseNorm = Ops.minimum(Ops.rsqrt(Ops.sum(Ops.square(inputs), axes, true)), 1e12);
        return Ops.mul(inputs, inverseNorm);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axis", axis.toConfig());
    }

    public static UnitNormalization fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("UnitNormalization", config);
        UnitNormalization layer = new UnitNormalization();
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
