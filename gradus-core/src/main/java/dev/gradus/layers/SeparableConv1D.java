package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/**
 * 1-d separable convolution over {@code (batch, steps, channels)}, as Keras's SeparableConv1D:
 * a depthwise convolution, then a pointwise one to {@code filters} channels.
 */
public final class SeparableConv1D extends BaseSeparableConv<SeparableConv1D> {
    public SeparableConv1D(int filters, int kernelSize) {
        super(1, filters, new int[] {kernelSize});
    }

    public static SeparableConv1D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("SeparableConv1D", config);
        int[] k = kernelSizeOf(r, "SeparableConv1D");
        return readSeparable(new SeparableConv1D(filtersOf(r, "SeparableConv1D"), k.length == 1 ? k[0] : -1), r);
    }
}
