package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's LeakyReLU layer: {@code x} for {@code x >= 0}, {@code negative_slope * x} below. Keras 3's
 * default slope is 0.3 (the {@code leaky_relu} function's is 0.2); the Keras 2 name {@code alpha} is
 * read from old configs.
 */
public final class LeakyReLU extends ShapePreservingLayer<LeakyReLU> {
    private double negativeSlope = 0.3;

    public LeakyReLU() {}

    public LeakyReLU(double negativeSlope) {
        negativeSlope(negativeSlope);
    }

    public LeakyReLU negativeSlope(double negativeSlope) {
        this.negativeSlope = Check.nonNegative("negative_slope", negativeSlope);
        return this;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return Ops.leakyRelu(inputs, negativeSlope);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "negative_slope", negativeSlope);
    }

    public static LeakyReLU fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("LeakyReLU", config);
        double slope = r.has("alpha") ? r.getDouble("alpha", 0.3) : r.getDouble("negative_slope", 0.3);
        LeakyReLU layer = new LeakyReLU(slope);
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
