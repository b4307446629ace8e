package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/**
 * 2-d transposed convolution over {@code (batch, height, width, channels)}, as Keras's
 * Conv2DTranspose: {@code new Conv2DTranspose(32, 3).strides(2).padding("same")} doubles height
 * and width (a decoder's upsampling step). Kernel {@code (kh, kw, filters, in_channels)}, as Keras.
 */
public final class Conv2DTranspose extends BaseConvTranspose<Conv2DTranspose> {
    public Conv2DTranspose(int filters, int... kernelSize) {
        super(2, filters, kernelSize);
    }

    public static Conv2DTranspose fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Conv2DTranspose", config);
        return readConfig(new Conv2DTranspose(filtersOf(r, "Conv2DTranspose"), kernelSizeOf(r, "Conv2DTranspose")), r);
    }
}
