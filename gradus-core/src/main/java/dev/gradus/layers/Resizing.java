package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Resample;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's Resizing: images (rank 4, or rank 3 for one image) to {@code (height, width)} with
 * {@link Ops#resize} (half-pixel centres; "bilinear", "nearest", "bicubic", "lanczos3", "lanczos5").
 * {@code crop_to_aspect_ratio} first cuts the largest centred window of the target aspect ratio;
 * {@code pad_to_aspect_ratio} instead pads evenly on both sides with {@code fill_value}.
 */
public final class Resizing extends FluentLayer<Resizing> {
    private final int height;
    private final int width;
    private String interpolation = "bilinear";
    private boolean cropToAspectRatio;
    private boolean padToAspectRatio;
    private String fillMode = "constant";
    private double fillValue = 0.0;
    private boolean antialias;
    private String dataFormat = "channels_last";

    public Resizing(int height, int width) {
        this.height = Check.atLeast("height", height, 1);
        this.width = Check.atLeast("width", width, 1);
        minInputRank(3);
    }

    public Resizing interpolation(String interpolation) {
        this.interpolation = Resample.method(interpolation);
        return this;
    }

    public Resizing interpolation(Interpolation interpolation) {
        return interpolation(Check.notNull("interpolation", interpolation).keras());
    }

    public Resizing cropToAspectRatio(boolean crop) {
        Check.argument(!(crop && padToAspectRatio), "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.");
        this.cropToAspectRatio = crop;
        return this;
    }

    public Resizing padToAspectRatio(boolean pad) {
        Check.argument(!(pad && cropToAspectRatio), "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.");
        this.padToAspectRatio = pad;
        return this;
    }

    /** Keras's backends implement only "constant" (the padding of {@code pad_to_aspect_ratio}). */
    public Resizing fillMode(String fillMode) {
        this.fillMode = Check.oneOf("fill_mode", fillMode, "constant");
        return this;
    }

    public Resizing fillMode(FillMode fillMode) {
        return fillMode(Check.notNull("fill_mode", fillMode).keras());
    }

    public Resizing fillValue(double fillValue) {
        this.fillValue = Check.finite("fill_value", fillValue);
        return this;
    }

    /** Widens the kernel by the downscaling factor (jax.image.resize's antialias); no effect when upsampling or for "nearest". */
    public Resizing antialias(boolean antialias) {
        this.antialias = antialias;
        return this;
    }

    public Resizing dataFormat(String dataFormat) {
        this.dataFormat = LayerArgs.dataFormat(dataFormat);
        return this;
    }

    public Resizing dataFormat(DataFormat dataFormat) {
        return dataFormat(Check.notNull("data_format", dataFormat).keras());
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int r = inputs.rank();
        if (r != 3 && r != 4) throw new IllegalArgumentException("layer '" + name() + "' expects images of rank 3 (one image) "
                + "or 4 (a batch), got shape " + inputs.shape());
        int hAxis = r - (dataFormat.equals("channels_last") ? 3 : 2), wAxis = hAxis + 1;
        int h = inputs.dim(hAxis), w = inputs.dim(wAxis);
        Tensor x = inputs;
        if (cropToAspectRatio) {
            int ch = Math.max(Math.min(h, (int) ((double) w * height / width)), 1);
            int cw = Math.max(Math.min(w, (int) ((double) h * width / height)), 1);
            int top = (int) ((h - ch) / 2.0), left = (int) ((w - cw) / 2.0);
            x = Ops.slice(Ops.slice(x, hAxis, top, top + ch), wAxis, left, left + cw);
        } else if (padToAspectRatio) {
            int ph = Math.max(h, (int) ((double) w * height / width));
            int pw = Math.max(w, (int) ((double) h * width / height));
            int top = (int) ((ph - h) / 2.0), left = (int) ((pw - w) / 2.0);
            // Keras pads one axis only: the height when it needs padding, else the width
            int[][] pad = new int[r][2];
            if (top > 0) pad[hAxis] = new int[] {top, top};
            else if (left > 0) pad[wAxis] = new int[] {left, left};
            x = Ops.pad(x, pad, fillValue);
        }
        return Ops.resize(x, height, width, interpolation, antialias, dataFormat);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = inputShape.clone();
        int hAxis = out.length - (dataFormat.equals("channels_last") ? 3 : 2);
        out[hAxis] = height;
        out[hAxis + 1] = width;
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "height", height, "width", width, "interpolation", interpolation,
                "crop_to_aspect_ratio", cropToAspectRatio, "pad_to_aspect_ratio", padToAspectRatio, "fill_mode", fillMode,
                "fill_value", fillValue, "antialias", antialias, "data_format", dataFormat);
    }

    public static Resizing fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Resizing", config);
        Integer h = r.getIntOrNull("height"), w = r.getIntOrNull("width");
        Check.argument(h != null && w != null, "Resizing config: 'height' and 'width' are required");
        Resizing layer = new Resizing(h, w).interpolation(r.getString("interpolation", "bilinear"))
                .cropToAspectRatio(r.getBoolean("crop_to_aspect_ratio", false))
                .padToAspectRatio(r.getBoolean("pad_to_aspect_ratio", false)).fillMode(r.getString("fill_mode", "constant"))
                .fillValue(r.getDouble("fill_value", 0.0)).antialias(r.getBoolean("antialias", false))
                .dataFormat(r.getString("data_format", null));
        readBase(layer, r);
        r.ignore("bounding_box_format").done();
        return layer;
    }
}
