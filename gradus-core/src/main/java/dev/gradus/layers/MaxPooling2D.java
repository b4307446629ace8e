package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** The maximum over each window of (batch, height, width, channels) (channels-last by default); strides default to the window. */
public final class MaxPooling2D extends BasePooling<MaxPooling2D> {
    /** Keras's default window, (2, 2). */
    public MaxPooling2D() {
        this(2, 2);
    }

    /** One size for both axes, or (height, width). */
    public MaxPooling2D(int... poolSize) {
        super(2, true, poolSize);
    }

    public static MaxPooling2D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("MaxPooling2D", config);
        return readConfig(new MaxPooling2D(poolSizeOf(r, 2)), r);
    }
}
