package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** Keras's ELU layer: {@code x} for {@code x > 0}, {@code alpha * (exp(x) - 1)} below; {@code alpha} defaults to 1. */
public final class ELU extends ShapePreservingLayer<ELU> {
    private double alpha = 1.0;

    public ELU() {}

    public ELU(double alpha) {
        alpha(alpha);
    }

    public ELU alpha(double alpha) {
        this.alpha = Check.finite("alpha", alpha);
        return this;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return Ops.elu(inputs, alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "alpha", alpha);
    }

    public static ELU fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("ELU", config);
        ELU layer = new ELU(r.getDouble("alpha", 1.0));
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
