package dev.gradus.layers;

import dev.gradus.data.Dataset;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's Discretization: each value to the index of its bin, {@code numpy.digitize(x, bin_boundaries)}
 * (the number of boundaries {@code <= x}), or encoded rows of width {@code len(bin_boundaries) + 1}.
 * The boundaries are given ({@link #binBoundaries}) or learned by {@link #adapt} as {@code num_bins}
 * approximate quantiles: Keras's own summary algorithm (sorted samples every {@code n·epsilon}, merged
 * and compressed by interpolating cumulative weights), replayed in the same float32/float64 steps as
 * its NumPy code, so the boundaries are Keras's.
 */
public final class Discretization extends FluentLayer<Discretization> {
    private double[] binBoundaries;
    private Integer numBins;
    private double epsilon = 0.01;
    private OutputMode outputMode = OutputMode.INT;
    /** Keras's summary: values (row 0) and weights (row 1), float32. */
    private float[][] summary;

    public Discretization() {}

    /** Fixed, increasing boundaries: bins {@code (-inf, b0), [b0, b1), ..., [bn, inf)}. */
    public Discretization binBoundaries(double... binBoundaries) {
        Check.notNull("bin_boundaries", binBoundaries);
        Check.argument(numBins == null, "Discretization: both `num_bins` and `bin_boundaries` should not be set. Received: "
                + "num_bins=" + numBins + " and bin_boundaries=" + Arrays.toString(binBoundaries));
        this.binBoundaries = binBoundaries.clone();
        return this;
    }

    /** The number of bins {@link #adapt} learns (as quantiles). */
    public Discretization numBins(int numBins) {
        Check.atLeast("num_bins", numBins, 0);
        Check.argument(binBoundaries == null, "Discretization: both `num_bins` and `bin_boundaries` should not be set. Received: "
                + "num_bins=" + numBins + " and bin_boundaries=" + Arrays.toString(binBoundaries));
        this.numBins = numBins;
        return this;
    }

    /** The quantile summary's error tolerance (default 0.01). */
    public Discretization epsilon(double epsilon) {
        this.epsilon = Check.positive("epsilon", epsilon);
        return this;
    }

    /** "int" (default), "one_hot", "multi_hot" or "count". */
    public Discretization outputMode(String outputMode) {
        this.outputMode = OutputMode.parse("Discretization", outputMode, OutputMode.INT, OutputMode.ONE_HOT, OutputMode.MULTI_HOT, OutputMode.COUNT);
        return this;
    }

    public Discretization outputMode(OutputMode outputMode) {
        return outputMode(Check.notNull("output_mode", outputMode).keras());
    }

    /** Keras's {@code sparse}: only false (Gradus tensors are dense). */
    public Discretization sparse(boolean sparse) {
        PreprocessingArgs.refuseSparse("Discretization", sparse);
        return this;
    }

    /** The boundaries, given or adapted (null before either). */
    public double[] binBoundaries() {
        return binBoundaries == null ? null : binBoundaries.clone();
    }

    public Integer numBins() {
        return numBins;
    }

    public OutputMode outputMode() {
        return outputMode;
    }

    // ------------------------------------------------------------------ adapt

    /** Learns {@code num_bins} quantile boundaries from all values of {@code data}. */
    public Discretization adapt(Tensor data) {
        Check.notNull("data", data);
        return adapt(List.of(data));
    }

    /** Learns the boundaries from batches, each summarised and merged as Keras does for a dataset. */
    public Discretization adapt(Iterable<Tensor> batches) {
        Check.notNull("batches", batches);
        Check.argument(numBins != null, "Cannot adapt a Discretization layer that has been initialized with `bin_boundaries`, "
                + "use `num_bins` instead.");
        float[][] s = {new float[0], new float[0]};
        for (Tensor b : batches) s = merge(summarize(b.toFloatArray(), epsilon), s, epsilon);
        summary = s;
        float[] bounds = compress(s, 1.0 / numBins)[0];
        binBoundaries = new double[Math.max(0, bounds.length - 1)];
        for (int i = 0; i < binBoundaries.length; i++) binBoundaries[i] = bounds[i];
        return this;
    }

    /** Learns the boundaries from a dataset's inputs ({@code x} of each batch). */
    public Discretization adapt(Dataset dataset) {
        return adapt(PreprocessingArgs.inputs(dataset));
    }

    /** Keras's summarize: the sorted values every {@code n·epsilon}, each weighted by that step. */
    static float[][] summarize(float[] values, double epsilon) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double increment = sorted.length / (1.0 / epsilon);
        int start = (int) increment, step = (int) Math.max(increment, 1);
        List<Float> b = new ArrayList<>();
        for (int i = start; i < sorted.length; i += step) b.add(sorted[i]);
        float[][] out = new float[2][b.size()];
        float weight = (float) Math.max(increment, 1);
        for (int i = 0; i < b.size(); i++) {
            out[0][i] = b.get(i);
            out[1][i] = weight;
        }
        return out;
    }

    /** Keras's merge_summaries: concatenated, sorted by value, compressed. */
    static float[][] merge(float[][] a, float[][] b, double epsilon) {
        int n = a[0].length + b[0].length;
        Integer[] order = new Integer[n];
        float[] v = new float[n], w = new float[n];
        System.arraycopy(a[0], 0, v, 0, a[0].length);
        System.arraycopy(b[0], 0, v, a[0].length, b[0].length);
        System.arraycopy(a[1], 0, w, 0, a[1].length);
        System.arraycopy(b[1], 0, w, a[1].length, b[1].length);
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Float.compare(v[x], v[y]));
        float[][] merged = new float[2][n];
        for (int i = 0; i < n; i++) {
            merged[0][i] = v[order[i]];
            merged[1][i] = w[order[i]];
        }
        return compress(merged, epsilon);
    }

    /** Keras's compress_summary: new bins at {@code epsilon, 2·epsilon, ...} of the cumulative weight (np.interp). */
    static float[][] compress(float[][] summary, double epsilon) {
        int n = summary[0].length;
        if (n * epsilon < 1) return summary;
        int k = (int) Math.ceil(1.0 / epsilon);
        float[] cum = new float[n];
        float total = 0;
        for (int i = 0; i < n; i++) cum[i] = total += summary[1][i];
        double[] percents = new double[n], values = new double[n], cums = new double[n];
        for (int i = 0; i < n; i++) {
            percents[i] = cum[i] / cum[n - 1]; // float32 division, as numpy's float32 arrays
            values[i] = summary[0][i];
            cums[i] = cum[i];
        }
        float[][] out = new float[2][k];
        double previous = 0;
        for (int i = 0; i < k; i++) {
            double p = epsilon + i * epsilon;
            out[0][i] = (float) interp(p, percents, values);
            double c = interp(p, percents, cums);
            out[1][i] = (float) (c - previous);
            previous = c;
        }
        return out;
    }

    /** numpy.interp with its end rules and its handling of repeated x coordinates. */
    static double interp(double x, double[] xp, double[] fp) {
        int n = xp.length;
        if (x < xp[0]) return fp[0];
        if (x >= xp[n - 1]) return fp[n - 1];
        int lo = 0, hi = n - 1; // largest j with xp[j] <= x
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xp[mid] <= x) lo = mid;
            else hi = mid;
        }
        double slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo]);
        double r = slope * (x - xp[lo]) + fp[lo];
        if (Double.isNaN(r)) {
            r = slope * (x - xp[lo + 1]) + fp[lo + 1];
            if (Double.isNaN(r) && fp[lo] == fp[lo + 1]) r = fp[lo];
        }
        return r;
    }

    // ------------------------------------------------------------------ call

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (binBoundaries == null) throw new IllegalStateException("Discretization '" + name() + "': you need to either pass "
                + "the `bin_boundaries` argument at construction time or call `adapt(dataset)` before you can start using the "
                + "`Discretization` layer.");
        float[] x = inputs.toFloatArray(), idx = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int k = 0;
            while (k < binBoundaries.length && binBoundaries[k] <= x[i]) k++;
            idx[i] = k;
        }
        return CategoricalEncoding.encode(idx, inputs.shape().dims(), outputMode, binBoundaries.length + 1, null, null);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (outputMode == OutputMode.INT) return inputShape.clone();
        return CategoricalEncoding.outputShape(inputShape, outputMode, binBoundaries == null ? NONE : binBoundaries.length + 1);
    }

    /** Keras's own key set: no {@code trainable}, and {@code dtype} as a plain string. */
    @Override
    public Map<String, Object> getConfig() {
        List<Double> bounds = null;
        if (binBoundaries != null) {
            bounds = new ArrayList<>();
            for (double b : binBoundaries) bounds.add(b);
        }
        return Config.of("bin_boundaries", bounds, "num_bins", numBins, "epsilon", epsilon, "output_mode", outputMode.keras(),
                "sparse", false, "name", name(), "dtype", outputMode == OutputMode.INT ? "int64" : "float32");
    }

    public static Discretization fromConfig(Map<String, Object> config) {
        PreprocessingArgs.dtypeName("Discretization", config.get("dtype"));
        Config.Reader r = Config.read("Discretization", PreprocessingArgs.withoutDtype(config));
        Discretization layer = new Discretization();
        List<Double> bounds = r.getDoubles("bin_boundaries");
        Integer n = r.getIntOrNull("num_bins");
        if (n != null) layer.numBins(n);
        // an adapted layer's config holds both: the boundaries are its learned state
        if (bounds != null) layer.binBoundaries = bounds.stream().mapToDouble(Double::doubleValue).toArray();
        Check.argument(n != null || bounds != null, "Discretization: you need to set either `num_bins` or `bin_boundaries`.");
        layer.epsilon(r.getDouble("epsilon", 0.01));
        layer.outputMode(r.getString("output_mode", "int"));
        layer.sparse(r.getBoolean("sparse", false));
        readBase(layer, r);
        r.done();
        return layer;
    }
}
