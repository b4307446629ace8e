package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** The mean over the steps of (batch, steps, channels) (channels-last by default). */
public final class GlobalAveragePooling1D extends BaseGlobalPooling<GlobalAveragePooling1D> {
    public GlobalAveragePooling1D() {
        super(1, false);
    }

    public static GlobalAveragePooling1D fromConfig(Map<String, Object> config) {
        return readConfig(new GlobalAveragePooling1D(), Config.read("GlobalAveragePooling1D", config));
    }
}
