package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sets a fraction {@code rate} of its inputs to 0 during training and scales the others by
 * {@code 1 / (1 - rate)}, so that the expected sum is unchanged; at inference it passes its input
 * through. {@code noiseShape} shares one mask along the axes where it is 1 (unknown dimensions,
 * {@link #NONE}, take the input's size). A seeded layer draws a new, reproducible mask at each call,
 * as Keras's {@code SeedGenerator}.
 */
public final class Dropout extends FluentLayer<Dropout> {
    private final double rate;
    private int[] noiseShape;
    private Long seed;
    private SeedGenerator seeds = new SeedGenerator(null);

    public Dropout(double rate) {
        this.rate = Check.inRange("rate", rate, 0, 1);
    }

    public Dropout noiseShape(int... noiseShape) {
        Check.notNull("noise_shape", noiseShape);
        for (int d : noiseShape) Check.argument(d > 0 || d == NONE, "noise_shape dimensions must be positive or None (-1), got "
                + formatShape(noiseShape));
        this.noiseShape = noiseShape.clone();
        return this;
    }

    public Dropout seed(long seed) {
        this.seed = seed;
        this.seeds = new SeedGenerator(seed);
        return this;
    }

    public double rate() {
        return rate;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || rate == 0) return inputs;
        int[] maskShape = maskShape(inputs.shape().dims());
        if (rate == 1) return Ops.mul(inputs, Tensor.zeros(maskShape));
        // a new mask at each call; per example along the batch axis unless noise_shape shares it
        boolean perExample = inputs.rank() > 0 && (noiseShape == null || noiseShape[0] != 1);
        return Ops.mul(inputs, mask(maskShape, rate, seeds, perExample));
    }

    /**
     * Keras's dropout mask: 0 with probability {@code rate}, else {@code 1 / (1 - rate)}. The draws of
     * row {@code r} (axis 0) belong to example {@code r} when {@code perExample} ({@link SeedGenerator#uniformRows}).
     */
    static Tensor mask(int[] shape, double rate, SeedGenerator seeds, boolean perExample) {
        float keep = (float) (1 - rate), kept = 1f / keep;
        int rows = shape.length == 0 ? 1 : shape[0];
        int size = Shape.of(shape).size();
        int perRow = rows == 0 ? 0 : size / rows;
        // the floats of less(uniform, keep) / keep, thresholded as each row is drawn (a copy of the draws and two
        // more passes over the mask had made three full-size arrays for W5's two (32, 200, 32) dropouts)
        float[] mask = seeds.keepMask(rows, perRow, perExample && shape.length > 0, keep, kept);
        return Tensor.wrap(mask, Shape.of(shape));
    }

    private int[] maskShape(int[] inputShape) {
        if (noiseShape == null) return inputShape;
        if (noiseShape.length != inputShape.length) throw new IllegalArgumentException("Dropout '" + name() + "': noise_shape "
                + formatShape(noiseShape) + " must have the rank of the input, got input shape " + formatShape(inputShape));
        int[] out = new int[inputShape.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = noiseShape[i] == NONE ? inputShape[i] : noiseShape[i];
            if (out[i] != 1 && out[i] != inputShape[i]) throw new IllegalArgumentException("Dropout '" + name()
                    + "': noise_shape " + formatShape(noiseShape) + " does not broadcast to the input shape " + formatShape(inputShape));
        }
        return out;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        List<Object> ns = null;
        if (noiseShape != null) {
            ns = new ArrayList<>();
            for (int d : noiseShape) ns.add(d == NONE ? null : d);
        }
        return Config.with(super.getConfig(), "rate", rate, "seed", seed, "noise_shape", ns);
    }

    public static Dropout fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Dropout", config);
        Dropout layer = new Dropout(r.getDouble("rate", Double.NaN));
        if (r.get("seed") != null) layer.seed(r.getLong("seed", 0));
        Object ns = r.get("noise_shape");
        if (ns instanceof List<?> dims) {
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i) == null ? NONE : ((Number) dims.get(i)).intValue();
            layer.noiseShape(shape);
        } else if (ns != null) {
            throw new IllegalArgumentException("Dropout config: noise_shape must be a list or null, got " + ns);
        }
        readBase(layer, r);
        r.done();
        return layer;
    }

    @Override
    protected boolean builtAtInit() {
        return true;
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
