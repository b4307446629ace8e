package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** Keras's SpatialDropout1D: drops whole channels of {@code (batch, steps, channels)} (one draw per example and channel, shared by every step) and scales the rest by {@code 1 / (1 - rate)}; adjacent steps are correlated in early convolution layers, so element-wise dropout would barely regularise them. */
public final class SpatialDropout1D extends RandomNoise<SpatialDropout1D> {
    private final double rate;

    public SpatialDropout1D(double rate) {
        this.rate = Check.inRange("rate", rate, 0, 1);
        inputRank(3);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || rate == 0) return inputs;
        int[] shape = inputs.shape().dims();
        int[] maskShape = new int[] {shape[0], 1, shape[2]};
        if (rate == 1) return Ops.mul(inputs, Tensor.zeros(maskShape));
        return Ops.mul(inputs, Dropout.mask(maskShape, rate, seeds, true));
    }

    /** Keras's keys exactly: {@code rate}, {@code seed}, {@code name}, {@code dtype} (a string here, and no {@code trainable}). */
    @Override
    public Map<String, Object> getConfig() {
        return Config.of("rate", rate, "seed", seed, "name", name(), "dtype", "float32");
    }

    public static SpatialDropout1D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("SpatialDropout1D", config);
        SpatialDropout1D layer = readSeed(new SpatialDropout1D(r.getDouble("rate", Double.NaN)), r);
        r.done();
        return layer;
    }
}
