package dev.gradus.optimizers.schedules;

import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code values[0]} while {@code step <= boundaries[0]}, {@code values[i]} while
 * {@code boundaries[i-1] < step <= boundaries[i]}, and {@code values[last]} after the last boundary.
 */
public final class PiecewiseConstantDecay extends AbstractLearningRateSchedule {
    private final long[] boundaries;
    private final double[] values;

    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        super("PiecewiseConstant");
        if (boundaries == null || values == null) throw new IllegalArgumentException(
                "PiecewiseConstantDecay: boundaries and values must not be null");
        if (boundaries.length != values.length - 1) throw new IllegalArgumentException(
                "PiecewiseConstantDecay: the length of boundaries should be 1 less than the length of values; got "
                        + boundaries.length + " boundaries and " + values.length + " values");
        for (int i = 1; i < boundaries.length; i++)
            if (boundaries[i] <= boundaries[i - 1]) throw new IllegalArgumentException(
                    "PiecewiseConstantDecay: boundaries must be strictly increasing, got " + boundaries[i - 1]
                            + " then " + boundaries[i] + " at index " + i);
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    @Override
    public double apply(long step) {
        checkStep("PiecewiseConstantDecay", step);
        for (int i = 0; i < boundaries.length; i++) if (step <= boundaries[i]) return values[i];
        return values[values.length - 1];
    }

    @Override
    public Map<String, Object> getConfig() {
        List<Long> b = new ArrayList<>();
        for (long x : boundaries) b.add(x);
        List<Double> v = new ArrayList<>();
        for (double x : values) v.add(x);
        return Config.of("boundaries", b, "values", v, "name", name());
    }

    public static PiecewiseConstantDecay fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("PiecewiseConstantDecay", config);
        List<Double> b = r.getDoubles("boundaries"), v = r.getDoubles("values");
        if (b == null || v == null) throw new IllegalArgumentException(
                "PiecewiseConstantDecay: config keys 'boundaries' and 'values' are required");
        long[] bounds = new long[b.size()];
        for (int i = 0; i < bounds.length; i++) {
            double x = b.get(i);
            if (x != Math.rint(x)) throw new IllegalArgumentException(
                    "PiecewiseConstantDecay: boundaries are step counts and must be whole numbers, got " + x);
            bounds[i] = (long) x;
        }
        PiecewiseConstantDecay s = new PiecewiseConstantDecay(bounds, v.stream().mapToDouble(Double::doubleValue).toArray());
        s.name(r.getString("name", "PiecewiseConstant"));
        r.done();
        return s;
    }
}
