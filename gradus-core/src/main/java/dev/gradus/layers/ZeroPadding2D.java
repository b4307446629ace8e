package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** Adds zeros at the start and end of height and width of images (channels-last by default), as Keras's ZeroPadding2D: {@code new ZeroPadding2D(2)} on every side, {@code new ZeroPadding2D(1, 2)} symmetric per axis, {@code new ZeroPadding2D(new int[][] {{1, 0}, {2, 2}})} as {@code ((top, bottom), (left, right))}. */
public final class ZeroPadding2D extends SpatialMargins<ZeroPadding2D> {
    /** Keras's default: 1 on each side. */
    public ZeroPadding2D() {
        this(1);
    }

    public ZeroPadding2D(int... padding) {
        super(2, false, margins("padding", 2, padding));
    }

    /** {@code ((top, bottom), (left, right))}. */
    public ZeroPadding2D(int[][] padding) {
        super(2, false, pairs("padding", 2, padding));
    }

    public static ZeroPadding2D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("ZeroPadding2D", config);
        ZeroPadding2D layer = new ZeroPadding2D(read(r, "padding", 2, 1));
        return readConfig(layer, r);
    }
}
