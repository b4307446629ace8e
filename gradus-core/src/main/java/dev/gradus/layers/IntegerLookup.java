package dev.gradus.layers;

import dev.gradus.data.Dataset;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's IntegerLookup: integer tokens (held in float tensors, exact up to 2^24) to vocabulary
 * indices or encoded rows, or with {@code invert(true)} indices back to tokens. It runs inside a model
 * like any layer; {@link #adapt(Tensor)} learns the vocabulary (by count, ties by value, descending).
 * Defaults are Keras's: one OOV index, OOV token -1, no mask token.
 */
public final class IntegerLookup extends IndexLookup<IntegerLookup, Long> {
    public IntegerLookup() {
        super(-1L);
    }

    @Override
    String kind() {
        return "IntegerLookup";
    }

    /** The vocabulary as integers (Keras's {@code vocabulary=[12, 36, ...]}). */
    public IntegerLookup vocabulary(long... vocabulary) {
        List<Long> v = new ArrayList<>();
        for (long t : vocabulary) v.add(t);
        return vocabulary(v);
    }

    /** The integer that means "no value" (index 0 in int mode, dropped in the other modes); null for none (the default). */
    public IntegerLookup maskToken(Long maskToken) {
        return setMaskToken(maskToken);
    }

    /** The integer an inverted lookup gives for OOV indices (default -1). */
    public IntegerLookup oovToken(Long oovToken) {
        return setOovToken(oovToken);
    }

    @Override
    int compareTokens(Long a, Long b) {
        return Long.compare(a, b);
    }

    @Override
    int oovBucket(Long token, int buckets) {
        return (int) Math.floorMod(token, (long) buckets);
    }

    @Override
    Object tokenToJson(Long token) {
        return token;
    }

    @Override
    Long tokenFromJson(String what, Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("IntegerLookup: " + what + " must hold integers, got '" + s + "'");
            }
        }
        throw new IllegalArgumentException("IntegerLookup: " + what + " must hold integers, got " + value);
    }

    private static List<Long> tokens(Tensor t) {
        List<Long> out = new ArrayList<>();
        for (float v : t.toFloatArray()) {
            Check.argument(v == Math.rint(v), "IntegerLookup: inputs must be integers, got " + v);
            out.add((long) v);
        }
        return out;
    }

    /** Indices (or encoded rows) of integer tokens; with {@code invert(true)}, the tokens of indices. */
    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!invert()) return lookup(tokens(inputs), inputs.shape().dims());
        check();
        float[] in = inputs.toFloatArray(), out = new float[in.length];
        for (int i = 0; i < in.length; i++) out[i] = tokenAt((long) in[i]);
        return Tensor.of(out, inputs.shape().dims());
    }

    /** Keras's adapt on an array: a rank-1 array is one column (each token its own document), a rank-2 array's rows are documents. */
    public IntegerLookup adapt(Tensor data) {
        Check.notNull("data", data);
        startAdapt();
        adaptRows(rows(data.rank() <= 1 ? data.reshape(-1, 1) : data));
        finishAdapt();
        return this;
    }

    /** Keras's adapt on a dataset of batches (a rank-1 batch is one document). */
    public IntegerLookup adapt(Iterable<Tensor> batches) {
        Check.notNull("batches", batches);
        startAdapt();
        for (Tensor b : batches) adaptRows(rows(b.rank() <= 1 ? b.reshape(1, -1) : b));
        finishAdapt();
        return this;
    }

    /** Keras's adapt on a {@code tf.data} dataset: the inputs ({@code x}) of each batch. */
    public IntegerLookup adapt(Dataset dataset) {
        return adapt(PreprocessingArgs.inputs(dataset));
    }

    private static List<List<Long>> rows(Tensor t) {
        List<Long> flat = tokens(t);
        int width = t.rank() == 0 ? 1 : t.dim(-1);
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < flat.size(); i += Math.max(width, 1)) out.add(flat.subList(i, i + width));
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        // Keras's key order: vocabulary_dtype between pad_to_max_tokens and idf_weights
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> e : c.entrySet()) {
            if (e.getKey().equals("idf_weights")) out.put("vocabulary_dtype", "int64");
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    public static IntegerLookup fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("IntegerLookup", config);
        IntegerLookup layer = new IntegerLookup();
        String dtype = r.getString("vocabulary_dtype", "int64");
        Check.argument("int64".equals(dtype), "IntegerLookup: only `vocabulary_dtype='int64'` is supported at this time. "
                + "Received: vocabulary_dtype=" + dtype);
        readLookup(layer, r);
        readBase(layer, r);
        r.done();
        return layer;
    }
}
