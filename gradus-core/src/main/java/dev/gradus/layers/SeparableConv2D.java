package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/**
 * 2-d separable convolution over {@code (batch, height, width, channels)}, as Keras's
 * SeparableConv2D: {@code new SeparableConv2D(64, 3).padding("same").activation("relu")}.
 */
public final class SeparableConv2D extends BaseSeparableConv<SeparableConv2D> {
    public SeparableConv2D(int filters, int... kernelSize) {
        super(2, filters, kernelSize);
    }

    public static SeparableConv2D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("SeparableConv2D", config);
        return readSeparable(new SeparableConv2D(filtersOf(r, "SeparableConv2D"), kernelSizeOf(r, "SeparableConv2D")), r);
    }
}
