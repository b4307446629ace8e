package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** Removes rows at the start and end of height and width of images (channels-last by default), as Keras's Cropping2D: {@code new Cropping2D(2)} on every side, {@code new Cropping2D(1, 2)} symmetric per axis, {@code new Cropping2D(new int[][] {{1, 0}, {2, 2}})} as {@code ((top, bottom), (left, right))}. */
public final class Cropping2D extends SpatialMargins<Cropping2D> {
    /** Keras's default: 0 on each side. */
    public Cropping2D() {
        this(0);
    }

    public Cropping2D(int... cropping) {
        super(2, true, margins("cropping", 2, cropping));
    }

    /** {@code ((top, bottom), (left, right))}. */
    public Cropping2D(int[][] cropping) {
        super(2, true, pairs("cropping", 2, cropping));
    }

    public static Cropping2D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Cropping2D", config);
        Cropping2D layer = new Cropping2D(read(r, "cropping", 2, 0));
        return readConfig(layer, r);
    }
}
