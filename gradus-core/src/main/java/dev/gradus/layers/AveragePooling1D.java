package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** The mean over each window of (batch, steps, channels) (channels-last by default); strides default to the window. */
public final class AveragePooling1D extends BasePooling<AveragePooling1D> {
    /** Keras's default window, 2. */
    public AveragePooling1D() {
        this(2);
    }

    public AveragePooling1D(int poolSize) {
        super(1, false, new int[] {poolSize});
    }

    public static AveragePooling1D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("AveragePooling1D", config);
        return readConfig(new AveragePooling1D(poolSizeOf(r, 1).length == 1 ? poolSizeOf(r, 1)[0] : -1), r);
    }
}
