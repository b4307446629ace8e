package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** The maximum over the height and width of (batch, height, width, channels) (channels-last by default). */
public final class GlobalMaxPooling2D extends BaseGlobalPooling<GlobalMaxPooling2D> {
    public GlobalMaxPooling2D() {
        super(2, true);
    }

    public static GlobalMaxPooling2D fromConfig(Map<String, Object> config) {
        return readConfig(new GlobalMaxPooling2D(), Config.read("GlobalMaxPooling2D", config));
    }
}
