package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * 2-d convolution over {@code (batch, height, width, channels)} (channels-last by default), as Keras's
 * Conv2D: {@code new Conv2D(32, 3, 3).activation("relu")}; one kernel size is used for both axes.
 */
public final class Conv2D extends BaseConv<Conv2D> {
    public Conv2D(int filters, int... kernelSize) {
        super(2, filters, kernelSize);
    }

    @Override
    Tensor convolve(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) {
        return Ops.conv2d(x, kernel, strides, padding, dilation);
    }

    @Override
    Tensor convolve(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation, Tensor bias, boolean relu) {
        return Ops.conv2d(x, kernel, strides, padding, dilation, bias, relu);
    }

    public static Conv2D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Conv2D", config);
        return readConfig(new Conv2D(filtersOf(r, "Conv2D"), kernelSizeOf(r, "Conv2D")), r);
    }
}
