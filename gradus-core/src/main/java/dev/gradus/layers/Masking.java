package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's Masking: marks the timesteps whose features all equal {@code mask_value} as padding. For
 * inputs {@code (batch, timesteps, features)} the output is the input with those steps set to 0, and
 * it carries the mask {@code any(inputs != mask_value, axis=-1)} of shape {@code (batch, timesteps)}
 * ({@link Masks}), which the recurrent layers, attention and the loss then honour.
 */
public final class Masking extends ShapePreservingLayer<Masking> {
    private final double maskValue;

    /** Masks steps equal to 0, Keras's default. */
    public Masking() {
        this(0.0);
    }

    public Masking(double maskValue) {
        this.maskValue = maskValue;
    }

    public double maskValue() {
        return maskValue;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor valid = Ops.max(Ops.notEqual(inputs, maskValue), new int[] {inputs.rank() - 1}, true);
        Tensor out = Ops.where(valid, inputs, 0);
        Masks.set(out, Ops.squeeze(valid, inputs.rank() - 1));
        return out;
    }

    /** The mask of these inputs: {@code any(inputs != mask_value, axis=-1)}. */
    @Override
    public Tensor computeMask(Tensor inputs, Tensor previousMask) {
        return Ops.max(Ops.notEqual(inputs, maskValue), inputs.rank() - 1);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "mask_value", maskValue);
    }

    public static Masking fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Masking", config);
        Masking layer = new Masking(r.getDouble("mask_value", 0.0));
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
