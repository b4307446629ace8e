package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/**
 * 1-d depthwise convolution over {@code (batch, steps, channels)}, as Keras's DepthwiseConv1D:
 * {@code new DepthwiseConv1D(3).depthMultiplier(2)}; output channels {@code channels * depth_multiplier}.
 */
public final class DepthwiseConv1D extends BaseDepthwiseConv<DepthwiseConv1D> {
    public DepthwiseConv1D(int kernelSize) {
        super(1, new int[] {kernelSize});
    }

    public static DepthwiseConv1D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("DepthwiseConv1D", config);
        int[] k = kernelSizeOf(r, "DepthwiseConv1D");
        return readConfig(new DepthwiseConv1D(k.length == 1 ? k[0] : -1), r);
    }
}
