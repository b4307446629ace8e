package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** The mean over the height and width of (batch, height, width, channels) (channels-last by default). */
public final class GlobalAveragePooling2D extends BaseGlobalPooling<GlobalAveragePooling2D> {
    public GlobalAveragePooling2D() {
        super(2, false);
    }

    public static GlobalAveragePooling2D fromConfig(Map<String, Object> config) {
        return readConfig(new GlobalAveragePooling2D(), Config.read("GlobalAveragePooling2D", config));
    }
}
