package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's Hashing: each value to one of {@code num_bins} bins by FarmHash Fingerprint64 of its string
 * form modulo the bin count ({@code tf.strings.to_hash_bucket_fast}), or with a {@code salt} by keyed
 * SipHash-2-4 ({@code to_hash_bucket_strong}). Numbers are hashed as their integer text ({@code 12} as
 * {@code "12"}), as Keras casts floats to int64 and formats them first. With a {@code mask_value}, that
 * value goes to bin 0 and the others to {@code 1 + hash % (num_bins - 1)}. Strings enter through
 * {@link #call(List)} / {@link #call(String[][])} (Gradus tensors hold numbers); numbers through the
 * usual tensor call, inside a model or not.
 */
public final class Hashing extends FluentLayer<Hashing> {
    private final int numBins;
    private Object maskValue;
    private long[] salt;
    private OutputMode outputMode = OutputMode.INT;

    /** {@code numBins}: the number of hash bins, mask bin included. */
    public Hashing(int numBins) {
        Check.argument(numBins > 0, "The `num_bins` for `Hashing` cannot be `None` or non-positive values. Received: num_bins=" + numBins + ".");
        this.numBins = numBins;
    }

    /** A string that maps to bin 0 (Keras's {@code mask_value}). */
    public Hashing maskValue(String maskValue) {
        this.maskValue = maskValue;
        return this;
    }

    /** A number that maps to bin 0 (Keras's {@code mask_value}). */
    public Hashing maskValue(long maskValue) {
        this.maskValue = maskValue;
        return this;
    }

    /** The SipHash key (both halves {@code salt}): a keyed hash, Keras's {@code salt=int}. */
    public Hashing salt(long salt) {
        return salt(salt, salt);
    }

    /** The SipHash key halves, Keras's {@code salt=(a, b)}. */
    public Hashing salt(long first, long second) {
        this.salt = new long[] {first, second};
        return this;
    }

    /** "int" (default), "one_hot", "multi_hot" or "count" over {@code num_bins}. */
    public Hashing outputMode(String outputMode) {
        this.outputMode = OutputMode.parse("Hashing", outputMode, OutputMode.INT, OutputMode.ONE_HOT, OutputMode.MULTI_HOT, OutputMode.COUNT);
        return this;
    }

    public Hashing outputMode(OutputMode outputMode) {
        return outputMode(Check.notNull("output_mode", outputMode).keras());
    }

    /** Keras's {@code sparse}: only false (Gradus tensors are dense). */
    public Hashing sparse(boolean sparse) {
        PreprocessingArgs.refuseSparse("Hashing", sparse);
        return this;
    }

    public int numBins() {
        return numBins;
    }

    public OutputMode outputMode() {
        return outputMode;
    }

    /** The bin of one string. */
    int bin(String value) {
        return bin(value, maskValue instanceof String m && m.equals(value));
    }

    /** The bin of one value's string form; {@code isMask}: the value equals {@code mask_value} (compared before any cast, as Keras). */
    private int bin(String value, boolean isMask) {
        int bins = numBins;
        boolean masked = false;
        if (maskValue != null && bins > 1) {
            bins--;
            masked = true;
            if (isMask) return 0;
        }
        int h = salt != null ? TokenHash.strong(value, salt[0], salt[1], bins) : TokenHash.fast(value, bins);
        return masked ? h + 1 : h;
    }

    /** The bins (or encoded rows) of a rank-1 batch of strings. */
    public Tensor call(List<String> values) {
        Check.notNull("values", values);
        return encode(values, new int[] {values.size()});
    }

    /** The bins (or encoded rows) of rows of strings; the rows must have one length. */
    public Tensor call(String[][] rows) {
        return encode(StringLookup.flatten(rows), new int[] {rows.length, rows.length == 0 ? 0 : rows[0].length});
    }

    /**
     * Numbers, hashed as Keras hashes them: cast to an integer (toward zero) and formatted in decimal;
     * a numeric {@code mask_value} is compared with the value before the cast.
     */
    @Override
    public Tensor call(Tensor inputs, boolean training) {
        float[] x = inputs.toFloatArray(), bins = new float[x.length];
        for (int i = 0; i < x.length; i++)
            bins[i] = bin(Long.toString((long) x[i]), maskValue instanceof Long m && x[i] == (double) m);
        return CategoricalEncoding.encode(bins, inputs.shape().dims(), outputMode, numBins, null, null);
    }

    private Tensor encode(List<String> values, int[] shape) {
        float[] bins = new float[values.size()];
        for (int i = 0; i < bins.length; i++) bins[i] = bin(Check.notNull("value", values.get(i)));
        return CategoricalEncoding.encode(bins, shape, outputMode, numBins, null, null);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (outputMode == OutputMode.INT) return inputShape.clone();
        return CategoricalEncoding.outputShape(inputShape, outputMode, numBins);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("dtype", PreprocessingArgs.policy(outputMode == OutputMode.INT ? "int64" : "float32"));
        return Config.with(c, "num_bins", numBins, "salt", salt == null ? null : List.of(salt[0], salt[1]), "mask_value", maskValue,
                "output_mode", outputMode.keras(), "sparse", false);
    }

    public static Hashing fromConfig(Map<String, Object> config) {
        PreprocessingArgs.dtypeName("Hashing", config.get("dtype"));
        Config.Reader r = Config.read("Hashing", PreprocessingArgs.withoutDtype(config));
        Hashing layer = new Hashing(r.getInt("num_bins", 0));
        Object mask = r.get("mask_value");
        if (mask instanceof String s) layer.maskValue(s);
        else if (mask instanceof Number n) layer.maskValue(n.longValue());
        else if (mask != null) throw new IllegalArgumentException("Hashing config: mask_value must be a string or an integer, got " + mask);
        Object salt = r.get("salt");
        if (salt instanceof Number n) layer.salt(n.longValue());
        else if (salt instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b)
            layer.salt(a.longValue(), b.longValue());
        else if (salt != null) throw new IllegalArgumentException("The `salt` argument for `Hashing` can only be a tuple of size 2 "
                + "integers, or a single integer. Received: salt=" + salt + ".");
        layer.outputMode(r.getString("output_mode", "int"));
        layer.sparse(r.getBoolean("sparse", false));
        readBase(layer, r);
        r.done();
        return layer;
    }
}
