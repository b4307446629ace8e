package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's SpatialDropout1D: drops whole channels of {@code (batch, steps, channels)} (one draw per
 * example and channel, shared by every step) and scales the rest by {@code 1 / (1 - rate)}; adjacent
 * steps are correlated in early convolution layers, so element-wise dropout would barely regularise them.
 */
public final class SpatialDropout1D extends RandomNoise<SpatialDropout1D> {
    public SpatialDropout1D(double rate) {
        super("rate", rate);
        inputRank(3);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || amount == 0) return inputs;
        return dropout(inputs, new int[] {inputs.dim(0), 1, inputs.dim(2)});
    }

    /** Keras's keys exactly: {@code rate}, {@code seed}, {@code name}, {@code dtype} (a string here, and no {@code trainable}). */
    @Override
    public Map<String, Object> getConfig() {
        return Config.of("rate", amount, "seed", seed, "name", name(), "dtype", "float32");
    }

    public static SpatialDropout1D fromConfig(Map<String, Object> config) {
        return fromConfig("SpatialDropout1D", "rate", config, (rate, r) -> new SpatialDropout1D(rate));
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
