package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** The mean over each window of (batch, height, width, channels) (channels-last by default); strides default to the window. */
public final class AveragePooling2D extends BasePooling<AveragePooling2D> {
    /** Keras's default window, (2, 2). */
    public AveragePooling2D() {
        this(2, 2);
    }

    /** One size for both axes, or (height, width). */
    public AveragePooling2D(int... poolSize) {
        super(2, false, poolSize);
    }

    public static AveragePooling2D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("AveragePooling2D", config);
        return readConfig(new AveragePooling2D(poolSizeOf(r, 2)), r);
    }
}
