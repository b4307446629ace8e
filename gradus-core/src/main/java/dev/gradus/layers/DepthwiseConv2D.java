package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/**
 * 2-d depthwise convolution over {@code (batch, height, width, channels)}, as Keras's
 * DepthwiseConv2D: {@code new DepthwiseConv2D(3).padding("same")}; each channel gets its own
 * {@code depth_multiplier} filters.
 */
public final class DepthwiseConv2D extends BaseDepthwiseConv<DepthwiseConv2D> {
    public DepthwiseConv2D(int... kernelSize) {
        super(2, kernelSize);
    }

    public static DepthwiseConv2D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("DepthwiseConv2D", config);
        return readConfig(new DepthwiseConv2D(kernelSizeOf(r, "DepthwiseConv2D")), r);
    }
}
