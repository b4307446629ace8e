package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * 1-d convolution over {@code (batch, steps, channels)} (channels-last), as Keras's Conv1D:
 * {@code new Conv1D(64, 3).padding("causal").activation("relu")}. Padding "valid", "same" or "causal"
 * (the input is padded at the start so that output t sees only steps up to t).
 */
public final class Conv1D extends BaseConv<Conv1D> {
    public Conv1D(int filters, int kernelSize) {
        super(1, filters, new int[] {kernelSize});
    }

    @Override
    Tensor convolve(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation) {
        return Ops.conv1d(x, kernel, strides[0], padding, dilation[0]);
    }

    public static Conv1D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Conv1D", config);
        int[] k = kernelSizeOf(r, "Conv1D");
        return readConfig(new Conv1D(filtersOf(r, "Conv1D"), k.length == 1 ? k[0] : -1), r);
    }
}
