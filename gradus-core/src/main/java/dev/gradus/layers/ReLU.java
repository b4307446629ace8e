package dev.gradus.layers;

import dev.gradus.activations.Activations;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's ReLU layer: {@code max_value} if {@code x >= max_value}, {@code x} if
 * {@code threshold <= x < max_value}, else {@code negative_slope * (x - threshold)}. Defaults give the
 * plain {@code max(x, 0)}; {@code new ReLU().maxValue(6)} is ReLU6.
 */
public final class ReLU extends ShapePreservingLayer<ReLU> {
    private Double maxValue;
    private double negativeSlope;
    private double threshold;

    public ReLU() {}

    /** The cap on the output; null (the default) is none. Must be >= 0. */
    public ReLU maxValue(Double maxValue) {
        if (maxValue != null && !(maxValue >= 0)) throw new IllegalArgumentException(
                "max_value of a ReLU layer cannot be a negative value, got max_value=" + maxValue);
        this.maxValue = maxValue;
        return this;
    }

    public ReLU maxValue(double maxValue) {
        return maxValue(Double.valueOf(maxValue));
    }

    /** The slope below the threshold (default 0); must be >= 0. */
    public ReLU negativeSlope(double negativeSlope) {
        this.negativeSlope = Check.nonNegative("negative_slope", negativeSlope);
        return this;
    }

    /** Where the linear part starts (default 0); must be >= 0. */
    public ReLU threshold(double threshold) {
        this.threshold = Check.nonNegative("threshold", threshold);
        return this;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return Activations.relu(inputs, negativeSlope, maxValue, threshold);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "max_value", maxValue, "negative_slope", negativeSlope, "threshold", threshold);
    }

    public static ReLU fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("ReLU", config);
        ReLU layer = new ReLU().maxValue(r.getDoubleOrNull("max_value"))
                .negativeSlope(r.getDouble("negative_slope", 0)).threshold(r.getDouble("threshold", 0));
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
