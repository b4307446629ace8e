package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's StringLookup: strings to vocabulary indices (or one-hot / multi-hot / count / TF-IDF rows),
 * or with {@code invert(true)} indices back to strings. Gradus tensors hold numbers, so strings enter
 * through typed calls before the model, where Keras users run this layer in a {@code tf.data}
 * pipeline: {@link #call(List)} for a rank-1 batch, {@link #call(String[][])} for rows, and
 * {@link #adapt(List)} / {@link #adapt(String[][])} / {@link #adaptBatches(Iterable)} to learn the vocabulary. Its
 * output tensor feeds the model ({@code Embedding}, {@code Dense}). {@link #decode(Tensor)} is the
 * inverted layer's call. Inside a model (which carries numbers) the layer only traces shapes and is
 * saved with the model: its adapted vocabulary as {@code assets/.../vocabulary.txt}, as Keras saves it.
 */
public final class StringLookup extends IndexLookup<StringLookup, String> {
    private String encoding = "utf-8";

    public StringLookup() {
        super("[UNK]");
    }

    @Override
    String kind() {
        return "StringLookup";
    }

    /** Keras's {@code encoding} of the input bytes; Java strings are Unicode, so only UTF-8 is accepted. */
    public StringLookup encoding(String encoding) {
        Check.argument("utf-8".equalsIgnoreCase(encoding) || "utf8".equalsIgnoreCase(encoding), "StringLookup: `encoding` "
                + "must be 'utf-8' (Java strings are Unicode and are hashed and saved as UTF-8). Received: encoding=" + encoding);
        this.encoding = "utf-8";
        return this;
    }

    /** The token that means "no value" (index 0 in int mode, dropped in the other modes); null for none (the default). */
    public StringLookup maskToken(String maskToken) {
        return setMaskToken(maskToken);
    }

    /** The token an inverted lookup gives for OOV indices (default "[UNK]"); removed from an adapted vocabulary. */
    public StringLookup oovToken(String oovToken) {
        return setOovToken(oovToken);
    }

    @Override
    int compareTokens(String a, String b) {
        return compareCodePoints(a, b);
    }

    /** numpy's order for strings: by code point, which is UTF-8 byte order (UTF-16's {@code compareTo} differs above U+FFFF). */
    static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    int oovBucket(String token, int buckets) {
        return TokenHash.fast(token, buckets);
    }

    @Override
    Object tokenToJson(String token) {
        return token;
    }

    @Override
    String tokenFromJson(String what, Object value) {
        if (value instanceof String s) return s;
        throw new IllegalArgumentException("StringLookup: " + what + " must hold strings, got " + value);
    }

    /** The indices (or encoded row) of a rank-1 batch of strings: shape {@code (n)} in int mode, {@code (depth)} for multi-hot and count. */
    public Tensor call(List<String> tokens) {
        Check.notNull("tokens", tokens);
        return lookup(tokens, new int[] {tokens.size()});
    }

    /** The indices (or encoded rows) of rows of strings, shape {@code (rows, n)} in int mode; the rows must have one length. */
    public Tensor call(String[][] rows) {
        return lookup(flatten(rows), new int[] {rows.length, rows.length == 0 ? 0 : rows[0].length});
    }

    static List<String> flatten(String[][] rows) {
        Check.notNull("rows", rows);
        List<String> flat = new ArrayList<>();
        for (String[] row : rows) {
            Check.argument(row != null && row.length == rows[0].length, "expected rows of one length (a rectangular batch, as a "
                    + "dense tensor), got lengths " + Arrays.toString(Arrays.stream(rows).mapToInt(r -> r == null ? -1 : r.length).toArray()));
            flat.addAll(Arrays.asList(row));
        }
        return flat;
    }

    /** The inverted layer's call: the token at each index, row-major. */
    public List<String> decode(Tensor indices) {
        Check.notNull("indices", indices);
        Check.argument(invert(), "StringLookup '" + name() + "': decode needs an inverted layer (invert(true)), as Keras's "
                + "inverse lookup is a layer built with invert=True");
        List<String> out = new ArrayList<>();
        for (float v : indices.toFloatArray()) out.add(tokenAt((long) v));
        return out;
    }

    /** Refused: a tensor holds numbers, not strings. */
    @Override
    public Tensor call(Tensor inputs, boolean training) {
        throw new IllegalArgumentException("StringLookup '" + name() + "' maps strings, which a Gradus tensor cannot hold: call "
                + (invert() ? "decode(Tensor) for the tokens of indices" : "call(List<String>) or call(String[][])")
                + " before the model (where Keras runs it in a tf.data pipeline), and feed the resulting indices to the model");
    }

    /** Keras's adapt on a list of strings: each string is its own document (a rank-1 array becomes one column). */
    public StringLookup adapt(List<String> data) {
        Check.notNull("data", data);
        List<List<String>> rows = new ArrayList<>();
        for (String s : data) rows.add(List.of(Check.notNull("token", s)));
        return adaptAll(List.of(rows));
    }

    /** Keras's adapt on a rank-2 array of strings: each row is a document (for tf_idf's document counts). */
    public StringLookup adapt(String[][] data) {
        Check.notNull("data", data);
        List<List<String>> rows = new ArrayList<>();
        for (String[] row : data) rows.add(Arrays.asList(Check.notNull("row", row)));
        return adaptAll(List.of(rows));
    }

    /**
     * Keras's adapt on a dataset: each element is one batch, and a rank-1 batch counts as one document
     * (Keras's {@code update_state} expands it to one row).
     */
    public StringLookup adaptBatches(Iterable<? extends List<String>> batches) {
        Check.notNull("batches", batches);
        List<List<List<String>>> all = new ArrayList<>();
        for (List<String> batch : batches) all.add(List.of(Check.notNull("batch", batch)));
        return adaptAll(all);
    }

    private StringLookup adaptAll(List<List<List<String>>> batches) {
        startAdapt();
        for (List<List<String>> b : batches) adaptRows(b);
        finishAdapt();
        return this;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "encoding", encoding);
    }

    public static StringLookup fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("StringLookup", config);
        StringLookup layer = new StringLookup();
        readLookup(layer, r);
        layer.encoding(r.getString("encoding", "utf-8"));
        r.ignore("vocabulary_dtype");
        readBase(layer, r);
        r.done();
        return layer;
    }
}
