package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** Keras's SpatialDropout2D: drops whole feature maps of images (one draw per example and channel, shared by every pixel) and scales the rest by {@code 1 / (1 - rate)}. */
public final class SpatialDropout2D extends RandomNoise<SpatialDropout2D> {
    private final double rate;
    private String dataFormat = "channels_last";

    public SpatialDropout2D(double rate) {
        this.rate = Check.inRange("rate", rate, 0, 1);
        inputRank(4);
    }

    public SpatialDropout2D dataFormat(String dataFormat) {
        this.dataFormat = LayerArgs.dataFormat(dataFormat);
        return this;
    }

    public SpatialDropout2D dataFormat(DataFormat dataFormat) {
        return dataFormat(dev.gradus.util.Check.notNull("data_format", dataFormat).keras());
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || rate == 0) return inputs;
        int[] shape = inputs.shape().dims();
        int[] maskShape = dataFormat.equals("channels_last") ? new int[] {shape[0], 1, 1, shape[3]} : new int[] {shape[0], shape[1], 1, 1};
        if (rate == 1) return Ops.mul(inputs, Tensor.zeros(maskShape));
        return Ops.mul(inputs, Dropout.mask(maskShape, rate, seeds, true));
    }

    /** Keras's keys exactly: {@code rate}, {@code seed}, {@code name}, {@code dtype} (a string here, and no {@code trainable}). */
    @Override
    public Map<String, Object> getConfig() {
        return Config.of("rate", rate, "seed", seed, "name", name(), "dtype", "float32", "data_format", dataFormat);
    }

    public static SpatialDropout2D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("SpatialDropout2D", config);
        SpatialDropout2D layer = readSeed(new SpatialDropout2D(r.getDouble("rate", Double.NaN)).dataFormat(r.getString("data_format", null)), r);
        r.done();
        return layer;
    }
}
