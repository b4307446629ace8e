package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.Map;

/** Removes rows at the start and end of the steps axis of {@code (batch, steps, features)}, as Keras's Cropping1D: {@code new Cropping1D(2)} on both sides, {@code new Cropping1D(1, 3)} as {@code (before, after)}. */
public final class Cropping1D extends SpatialMargins<Cropping1D> {
    /** Keras's default: 1 on each side. */
    public Cropping1D() {
        this(1);
    }

    public Cropping1D(int... cropping) {
        super(1, true, margins("cropping", 1, cropping));
    }

    private Cropping1D(int[][] margins) {
        super(1, true, margins);
    }

    public static Cropping1D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Cropping1D", config);
        Cropping1D layer = new Cropping1D(read(r, "cropping", 1, 1));
        return readConfig(layer, r);
    }
}
