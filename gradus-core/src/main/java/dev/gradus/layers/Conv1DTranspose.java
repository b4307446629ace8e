package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/**
 * 1-d transposed convolution over {@code (batch, steps, channels)}, as Keras's Conv1DTranspose:
 * {@code new Conv1DTranspose(16, 3).strides(2).padding("same")} doubles the steps. Kernel
 * {@code (kernel_size, filters, in_channels)}.
 */
public final class Conv1DTranspose extends BaseConvTranspose<Conv1DTranspose> {
    public Conv1DTranspose(int filters, int kernelSize) {
        super(1, filters, new int[] {kernelSize});
    }

    public static Conv1DTranspose fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Conv1DTranspose", config);
        int[] k = kernelSizeOf(r, "Conv1DTranspose");
        return readConfig(new Conv1DTranspose(filtersOf(r, "Conv1DTranspose"), k.length == 1 ? k[0] : -1), r);
    }
}
