package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Locale;
import java.util.Map;

/**
 * Scales images up by {@code size = (rows, cols)} (default {@code (2, 2)}), as Keras's UpSampling2D:
 * "nearest" repeats rows and columns; "bilinear", "bicubic", "lanczos3" and "lanczos5" resize as
 * {@code keras.ops.image.resize} (half-pixel centres, no antialiasing), which is what Keras calls.
 */
public final class UpSampling2D extends SpatialLayer<UpSampling2D> {
    private final int[] size;
    private String interpolation = "nearest";

    public UpSampling2D() {
        this(2);
    }

    /** One factor for both axes, or {@code (rows, cols)}. */
    public UpSampling2D(int... size) {
        super(2);
        this.size = LayerArgs.tuple("size", size, 2, 1);
    }

    /** "nearest" (the default), "bilinear", "bicubic", "lanczos3" or "lanczos5". */
    public UpSampling2D interpolation(String interpolation) {
        Check.notNull("interpolation", interpolation);
        this.interpolation = Check.oneOf("interpolation", interpolation.toLowerCase(Locale.ROOT),
                "nearest", "bilinear", "bicubic", "lanczos3", "lanczos5");
        return this;
    }

    public UpSampling2D interpolation(Interpolation interpolation) {
        return interpolation(Check.notNull("interpolation", interpolation).keras());
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int first = firstSpatialAxis();
        if (interpolation.equals("nearest")) return Ops.repeat(Ops.repeat(inputs, size[0], first), size[1], first + 1);
        return Ops.resize(inputs, inputs.dim(first) * size[0], inputs.dim(first + 1) * size[1], interpolation, false, dataFormat);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return mapSpatial(inputShape, (i, in) -> in * size[i]);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "size", LayerArgs.list(size), "data_format", dataFormat, "interpolation", interpolation);
    }

    public static UpSampling2D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("UpSampling2D", config);
        UpSampling2D layer = new UpSampling2D(LayerArgs.ints(r, "size", new int[] {2}))
                .dataFormat(r.getString("data_format", null))
                .interpolation(r.getString("interpolation", "nearest"));
        readBase(layer, r);
        r.done();
        return layer;
    }

    @Override
    protected boolean builtAtInit() {
        return true;
    }
}
