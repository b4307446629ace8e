package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's SpatialDropout2D: drops whole feature maps of images (one draw per example and channel,
 * shared by every pixel) and scales the rest by {@code 1 / (1 - rate)}.
 */
public final class SpatialDropout2D extends RandomNoise<SpatialDropout2D> {
    private String dataFormat = "channels_last";

    public SpatialDropout2D(double rate) {
        super("rate", rate);
        inputRank(4);
    }

    public SpatialDropout2D dataFormat(String dataFormat) {
        this.dataFormat = LayerArgs.dataFormat(dataFormat);
        return this;
    }

    public SpatialDropout2D dataFormat(DataFormat dataFormat) {
        return dataFormat(Check.notNull("data_format", dataFormat).keras());
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || amount == 0) return inputs;
        int[] s = inputs.shape().dims();
        return dropout(inputs, dataFormat.equals("channels_last") ? new int[] {s[0], 1, 1, s[3]} : new int[] {s[0], s[1], 1, 1});
    }

    /** Keras's keys exactly: {@code rate}, {@code seed}, {@code name}, {@code dtype} (a string), {@code data_format}. */
    @Override
    public Map<String, Object> getConfig() {
        return Config.of("rate", amount, "seed", seed, "name", name(), "dtype", "float32", "data_format", dataFormat);
    }

    public static SpatialDropout2D fromConfig(Map<String, Object> config) {
        return fromConfig("SpatialDropout2D", "rate", config,
                (rate, r) -> new SpatialDropout2D(rate).dataFormat(r.getString("data_format", null)));
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
