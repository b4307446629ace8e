package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** Adds zeros at the start and end of the steps axis of {@code (batch, steps, features)}, as Keras's ZeroPadding1D: {@code new ZeroPadding1D(2)} on both sides, {@code new ZeroPadding1D(1, 3)} as {@code (before, after)}. */
public final class ZeroPadding1D extends SpatialMargins<ZeroPadding1D> {
    /** Keras's default: 1 on each side. */
    public ZeroPadding1D() {
        this(1);
    }

    public ZeroPadding1D(int... padding) {
        super(1, false, margins("padding", 1, padding));
    }

    private ZeroPadding1D(int[][] margins) {
        super(1, false, margins);
    }

    public static ZeroPadding1D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("ZeroPadding1D", config);
        ZeroPadding1D layer = new ZeroPadding1D(read(r, "padding", 1, 1));
        return readConfig(layer, r);
    }
}
