package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's Rescaling: {@code inputs * scale + offset}, e.g. {@code new Rescaling(1 / 255.0)} maps pixels
 * to [0, 1]. {@code scale} and {@code offset} are numbers, or lists applied along the last axis (per channel).
 */
public final class Rescaling extends FluentLayer<Rescaling> {
    private final Object scale;
    private Object offset = 0.0;

    public Rescaling(double scale) {
        this.scale = Check.finite("scale", scale);
    }

    /** One scale per channel (the last axis). */
    public Rescaling(double... scale) {
        this.scale = toList("scale", scale);
    }

    public Rescaling offset(double offset) {
        this.offset = Check.finite("offset", offset);
        return this;
    }

    /** One offset per channel (the last axis). */
    public Rescaling offset(double... offset) {
        this.offset = toList("offset", offset);
        return this;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return Ops.add(Ops.mul(inputs, tensor("scale", scale, inputs)), tensor("offset", offset, inputs));
    }

    private Tensor tensor(String what, Object value, Tensor inputs) {
        if (value instanceof Double d) return Tensor.scalar(d);
        @SuppressWarnings("unchecked") List<Double> l = (List<Double>) value;
        int channels = inputs.rank() == 0 ? 1 : inputs.dim(-1);
        if (l.size() != 1 && l.size() != channels) throw new IllegalArgumentException("layer '" + name() + "': " + what + " has "
                + l.size() + " values, which do not broadcast to the last axis of inputs of shape " + inputs.shape());
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) d[i] = l.get(i);
        return Tensor.of(d);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "scale", scale, "offset", offset);
    }

    public static Rescaling fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Rescaling", config);
        Check.argument(r.has("scale"), "Rescaling config: 'scale' is required");
        Rescaling layer = number(r, "scale") ? new Rescaling(r.getDouble("scale", 1)) : new Rescaling(array(r, "scale"));
        if (r.has("offset")) {
            if (number(r, "offset")) layer.offset(r.getDouble("offset", 0));
            else layer.offset(array(r, "offset"));
        } else {
            r.get("offset");
        }
        readBase(layer, r);
        r.done();
        return layer;
    }

    private static boolean number(Config.Reader r, String key) {
        return !(r.get(key) instanceof List<?>);
    }

    private static double[] array(Config.Reader r, String key) {
        return r.getDoubles(key).stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<Double> toList(String what, double[] values) {
        Check.notNull(what, values);
        Check.argument(values.length > 0, what + " must have at least one value, got none");
        List<Double> out = new ArrayList<>();
        for (double v : values) out.add(Check.finite(what, v));
        return List.copyOf(out);
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
