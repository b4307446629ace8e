package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** The maximum over each window of (batch, steps, channels) (channels-last by default); strides default to the window. */
public final class MaxPooling1D extends BasePooling<MaxPooling1D> {
    /** Keras's default window, 2. */
    public MaxPooling1D() {
        this(2);
    }

    public MaxPooling1D(int poolSize) {
        super(1, true, new int[] {poolSize});
    }

    public static MaxPooling1D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("MaxPooling1D", config);
        return readConfig(new MaxPooling1D(poolSizeOf(r, 1).length == 1 ? poolSizeOf(r, 1)[0] : -1), r);
    }
}
