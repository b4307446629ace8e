package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.AffineTransform;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared part of RandomRotation, RandomZoom and RandomTranslation: the identity at inference;
 * in training, one random affine transform per image, drawn by the subclass, applied with
 * {@link Ops#affineTransform} (fill_mode, fill_value, interpolation). Images are rank 4 (a batch) or
 * rank 3 (one image), channels last unless {@code data_format} says otherwise. A seeded layer draws a
 * new, reproducible transform at each call, as Keras's {@code SeedGenerator}.
 *
 * @param <T> the concrete layer
 */
abstract class BaseRandomTransform<T extends BaseRandomTransform<T>> extends FluentLayer<T> {
    String fillMode = "reflect";
    String interpolation = "bilinear";
    Long seed;
    double fillValue = 0.0;
    String dataFormat = "channels_last";
    private SeedGenerator seeds = new SeedGenerator(null);

    BaseRandomTransform() {
        minInputRank(3);
    }

    public T fillMode(String fillMode) {
        this.fillMode = Check.oneOf("fill_mode", fillMode, AffineTransform.FILL_MODES);
        return self();
    }

    public T fillMode(FillMode fillMode) {
        return fillMode(Check.notNull("fill_mode", fillMode).keras());
    }

    public T interpolation(String interpolation) {
        this.interpolation = Check.oneOf("interpolation", interpolation, "bilinear", "nearest");
        return self();
    }

    public T interpolation(Interpolation interpolation) {
        return interpolation(Check.notNull("interpolation", interpolation).keras());
    }

    public T seed(long seed) {
        this.seed = seed;
        this.seeds = new SeedGenerator(seed);
        return self();
    }

    public T fillValue(double fillValue) {
        this.fillValue = Check.finite("fill_value", fillValue);
        return self();
    }

    public T dataFormat(String dataFormat) {
        this.dataFormat = LayerArgs.dataFormat(dataFormat);
        return self();
    }

    public T dataFormat(DataFormat dataFormat) {
        return dataFormat(Check.notNull("data_format", dataFormat).keras());
    }

    /** The 8 transform numbers of each of {@code n} images of {@code height x width}, drawn from {@code seeds}. */
    abstract float[] transforms(int n, int height, int width, SeedGenerator seeds);

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int r = inputs.rank();
        if (r != 3 && r != 4) throw new IllegalArgumentException("layer '" + name() + "' expects images of rank 3 (one image) "
                + "or 4 (a batch), got shape " + inputs.shape());
        if (!training) return inputs;
        boolean last = dataFormat.equals("channels_last");
        int n = r == 4 ? inputs.dim(0) : 1;
        int h = inputs.dim(r - (last ? 3 : 2)), w = inputs.dim(r - (last ? 2 : 1));
        Tensor t = Tensor.of(transforms(n, h, w, seeds), n, 8);
        return Ops.affineTransform(inputs, r == 4 ? t : Ops.reshape(t, 8), interpolation, fillMode, fillValue, dataFormat);
    }

    /** {@code n} uniform draws in {@code [lo, hi)} from the next call seed, one per image (per example in a step). */
    static float[] uniform(int n, double lo, double hi, SeedGenerator seeds) {
        if (lo == hi) {
            float[] out = new float[n];
            java.util.Arrays.fill(out, (float) lo);
            return out;
        }
        float[] out = seeds.uniformRows(n, 1, true);
        for (int i = 0; i < n; i++) out[i] = (float) (lo + (hi - lo) * out[i]);
        return out;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /** Keras's factor forms: a number f gives {@code [-|f|, |f|]}, a pair is sorted; each bound within [-1, 1]. */
    static double[] factorRange(String name, Object factor) {
        double lo, hi;
        if (factor instanceof Number f) {
            double v = Math.abs(f.doubleValue());
            lo = -v;
            hi = v;
        } else if (factor instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
            lo = Math.min(a.doubleValue(), b.doubleValue());
            hi = Math.max(a.doubleValue(), b.doubleValue());
        } else if (factor instanceof double[] d && d.length == 2) {
            lo = Math.min(d[0], d[1]);
            hi = Math.max(d[0], d[1]);
        } else {
            throw new IllegalArgumentException("The `" + name + "` argument should be a number (or a list of two numbers) in "
                    + "the range [-1.0, 1.0], got " + describe(factor));
        }
        if (!(lo >= -1 && hi <= 1)) throw new IllegalArgumentException("The `" + name + "` argument should be a number (or a "
                + "list of two numbers) in the range [-1.0, 1.0], got " + describe(factor));
        return new double[] {lo, hi};
    }

    /** A factor as Keras writes it back: the number, or the pair as a list. */
    static Object factorConfig(Object factor) {
        if (factor instanceof double[] d) return List.of(d[0], d[1]);
        if (factor instanceof List<?> l) {
            List<Double> out = new ArrayList<>();
            for (Object o : l) out.add(((Number) o).doubleValue());
            return out;
        }
        return factor instanceof Number n ? n.doubleValue() : null;
    }

    /** A config factor as the constructors take it: a Double, or the pair as written (checked, unsorted, as Keras keeps it). */
    static Object asFactor(String name, Object f) {
        factorRange(name, f);
        if (f instanceof Number n) return n.doubleValue();
        List<?> l = (List<?>) f;
        return new double[] {((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue()};
    }

    private static String describe(Object factor) {
        return factor instanceof double[] d ? java.util.Arrays.toString(d) : String.valueOf(factor);
    }

    /** The shared config keys, after the subclass's factor keys. */
    Map<String, Object> transformConfig(Map<String, Object> config) {
        return Config.with(config, "fill_mode", fillMode, "interpolation", interpolation, "seed", seed, "fill_value", fillValue,
                "data_format", dataFormat);
    }

    /** Reads the shared keys into a layer built by a subclass's {@code fromConfig}. */
    static <L extends BaseRandomTransform<L>> L readTransform(L layer, Config.Reader r) {
        layer.fillMode(r.getString("fill_mode", "reflect")).interpolation(r.getString("interpolation", "bilinear"))
                .fillValue(r.getDouble("fill_value", 0.0)).dataFormat(r.getString("data_format", null));
        if (r.has("seed")) layer.seed(r.getLong("seed", 0));
        else r.get("seed");
        readBase(layer, r);
        return layer;
    }
}
