package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** The maximum over the steps of (batch, steps, channels) (channels-last by default). */
public final class GlobalMaxPooling1D extends BaseGlobalPooling<GlobalMaxPooling1D> {
    public GlobalMaxPooling1D() {
        super(1, true);
    }

    public static GlobalMaxPooling1D fromConfig(Map<String, Object> config) {
        return readConfig(new GlobalMaxPooling1D(), Config.read("GlobalMaxPooling1D", config));
    }
}
