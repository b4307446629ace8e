package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Keras's TextVectorization: documents to token indices or encoded rows, in Keras's steps:
 * standardize ({@code lower_and_strip_punctuation}: ASCII lower case as {@code tf.strings.lower}, then
 * the ASCII punctuation of Keras's regex removed), split (on whitespace runs, into characters, or not
 * at all), n-grams (all n-grams of each width in {@code ngrams}, width by width, joined by a space),
 * then a {@link StringLookup} with mask token {@code ""} (index 0 is padding, 1 the OOV token).
 * {@code int} mode pads each row with 0 to {@code output_sequence_length} (or to the longest row)
 * and truncates longer rows.
 *
 * <p>Documents are strings, which Gradus tensors cannot hold, so they enter through
 * {@link #call(List)} and {@link #adapt(List)} before the model, as Keras users run this layer in a
 * {@code tf.data} pipeline; the resulting tensor feeds the model (an {@code Embedding}). Inside a
 * model the layer traces shapes and is saved with the model, its adapted vocabulary as Keras's asset.
 */
public final class TextVectorization extends FluentLayer<TextVectorization> implements HasAssets {
    /** Keras's punctuation class {@code [!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']}: every ASCII punctuation mark. */
    private static final String PUNCTUATION = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'";

    private final StringLookup lookup = new StringLookup().maskToken("");
    private String standardize = "lower_and_strip_punctuation";
    private UnaryOperator<String> standardizeFn;
    private String split = "whitespace";
    private Function<String, List<String>> splitFn;
    private Object ngramsArg;
    private int[] ngrams;
    private Integer outputSequenceLength;

    public TextVectorization() {}

    /** The largest vocabulary, padding and OOV tokens included. */
    public TextVectorization maxTokens(Integer maxTokens) {
        lookup.maxTokens(maxTokens);
        return this;
    }

    /** "lower_and_strip_punctuation" (default), "lower", "strip_punctuation", or null for none. */
    public TextVectorization standardize(String standardize) {
        if (standardize != null) Check.oneOf("standardize", standardize, "lower_and_strip_punctuation", "lower", "strip_punctuation");
        this.standardize = standardize;
        this.standardizeFn = null;
        return this;
    }

    /** A custom standardization of each document (not serializable to a config). */
    public TextVectorization standardize(UnaryOperator<String> standardize) {
        this.standardizeFn = Check.notNull("standardize", standardize);
        this.standardize = null;
        return this;
    }

    /** "whitespace" (default), "character", or null for no split (each document is one token). */
    public TextVectorization split(String split) {
        if (split != null) Check.oneOf("split", split, "whitespace", "character");
        this.split = split;
        this.splitFn = null;
        return this;
    }

    /** A custom split of each standardized document into tokens (not serializable to a config). */
    public TextVectorization split(Function<String, List<String>> split) {
        this.splitFn = Check.notNull("split", split);
        this.split = null;
        return this;
    }

    /** N-grams of widths 1 to {@code n} (Keras's {@code ngrams=n}). */
    public TextVectorization ngrams(int n) {
        Check.atLeast("ngrams", n, 1);
        this.ngramsArg = n;
        this.ngrams = new int[n];
        for (int i = 0; i < n; i++) ngrams[i] = i + 1;
        return this;
    }

    /** N-grams of exactly these widths (Keras's {@code ngrams=(2, 3)}). */
    public TextVectorization ngramWidths(int... widths) {
        Check.notNull("ngrams", widths);
        for (int w : widths) Check.atLeast("ngrams", w, 1);
        this.ngramsArg = LayerArgs.list(widths);
        this.ngrams = widths.clone();
        return this;
    }

    /** "int" (default), "multi_hot" (or "binary"), "count", "tf_idf" (and "one_hot", as Keras accepts it). */
    public TextVectorization outputMode(String outputMode) {
        lookup.outputMode(outputMode);
        return this;
    }

    public TextVectorization outputMode(OutputMode outputMode) {
        lookup.outputMode(outputMode);
        return this;
    }

    /** In int mode, the length every row is padded (with 0) or truncated to; null pads to the batch's longest row. */
    public TextVectorization outputSequenceLength(Integer outputSequenceLength) {
        if (outputSequenceLength != null) Check.atLeast("output_sequence_length", outputSequenceLength, 1);
        this.outputSequenceLength = outputSequenceLength;
        return this;
    }

    public TextVectorization padToMaxTokens(boolean padToMaxTokens) {
        lookup.padToMaxTokens(padToMaxTokens);
        return this;
    }

    /** Keras's {@code sparse}: only false (Gradus tensors are dense). */
    public TextVectorization sparse(boolean sparse) {
        lookup.sparse(sparse);
        return this;
    }

    /** Keras's {@code ragged}: only false (Gradus tensors are rectangular; rows are padded with 0). */
    public TextVectorization ragged(boolean ragged) {
        Check.argument(!ragged, "TextVectorization: `ragged=True` is not supported: Gradus tensors are rectangular (rows are "
                + "padded with 0). Received: ragged=true");
        return this;
    }

    /** A fixed vocabulary (without the padding and OOV tokens, or starting with {@code "", "[UNK]"}). */
    public TextVectorization vocabulary(List<String> vocabulary) {
        lookup.vocabulary(vocabulary);
        return this;
    }

    /** A fixed vocabulary with its idf weights ({@code output_mode="tf_idf"}). */
    public TextVectorization vocabulary(List<String> vocabulary, double[] idfWeights) {
        lookup.vocabulary(vocabulary, idfWeights);
        return this;
    }

    /** Keras's {@code set_vocabulary}: as an adapted vocabulary (saved as an asset). */
    public TextVectorization setVocabulary(List<String> vocabulary, double[] idfWeights) {
        lookup.setVocabulary(vocabulary, idfWeights);
        return this;
    }

    /** Keras's {@code encoding}: only UTF-8. */
    public TextVectorization encoding(String encoding) {
        lookup.encoding(encoding);
        return this;
    }

    public List<String> getVocabulary() {
        return lookup.getVocabulary(true);
    }

    public List<String> getVocabulary(boolean includeSpecialTokens) {
        return lookup.getVocabulary(includeSpecialTokens);
    }

    public int vocabularySize() {
        return lookup.vocabularySize();
    }

    public OutputMode outputMode() {
        return lookup.outputMode();
    }

    private void check() {
        Check.argument(lookup.outputMode() == OutputMode.INT || outputSequenceLength == null, "TextVectorization: "
                + "`output_sequence_length` must not be set if `output_mode` is not 'int'. Received output_sequence_length="
                + outputSequenceLength + ".");
    }

    // ------------------------------------------------------------------ preprocessing

    /** One document's tokens after standardize, split and n-grams. */
    List<String> tokens(String document) {
        Check.notNull("document", document);
        String s = document;
        if ("lower".equals(standardize) || "lower_and_strip_punctuation".equals(standardize)) s = asciiLower(s);
        if ("strip_punctuation".equals(standardize) || "lower_and_strip_punctuation".equals(standardize)) s = stripPunctuation(s);
        if (standardizeFn != null) s = Check.notNull("standardize result", standardizeFn.apply(s));
        List<String> toks;
        if (splitFn != null) toks = List.copyOf(splitFn.apply(s));
        else if ("whitespace".equals(split)) toks = whitespace(s);
        else if ("character".equals(split)) toks = s.codePoints().mapToObj(Character::toString).toList();
        else toks = List.of(s);
        if (ngrams == null) return toks;
        List<String> out = new ArrayList<>();
        for (int width : ngrams)
            for (int i = 0; i + width <= toks.size(); i++) out.add(String.join(" ", toks.subList(i, i + width)));
        return out;
    }

    private static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }

    private static String stripPunctuation(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) if (PUNCTUATION.indexOf(s.charAt(i)) < 0) b.append(s.charAt(i));
        return b.toString();
    }

    /** tf.strings.split: runs of ASCII whitespace separate tokens; no empty tokens. */
    private static List<String> whitespace(String s) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean space = i == s.length() || " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0;
            if (space && start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ adapt and call

    /** Learns the vocabulary from documents (each its own document for tf_idf). */
    public TextVectorization adapt(List<String> documents) {
        Check.notNull("documents", documents);
        return adaptBatches(List.of(documents));
    }

    /** Learns the vocabulary from batches of documents, as Keras's adapt on a dataset. */
    public TextVectorization adaptBatches(Iterable<? extends List<String>> batches) {
        Check.notNull("batches", batches);
        check();
        lookup.startAdapt();
        for (List<String> batch : batches) {
            List<List<String>> rows = new ArrayList<>();
            for (String doc : Check.notNull("batch", batch)) rows.add(tokens(doc));
            lookup.adaptRows(rows);
        }
        lookup.finishAdapt();
        return this;
    }

    /**
     * Vectorizes a batch of documents: {@code (batch, sequence)} indices in int mode, padded with 0 to
     * {@code output_sequence_length} (or to the longest document) and truncated; {@code (batch, depth)}
     * rows in the other modes.
     */
    public Tensor call(List<String> documents) {
        Check.notNull("documents", documents);
        check();
        List<List<String>> rows = new ArrayList<>();
        int longest = 0;
        for (String doc : documents) {
            List<String> t = tokens(doc);
            rows.add(t);
            longest = Math.max(longest, t.size());
        }
        int width = lookup.outputMode() == OutputMode.INT && outputSequenceLength != null ? outputSequenceLength : longest;
        // rows are padded with the mask token "": index 0 in int mode, nothing in the other modes
        List<String> flat = new ArrayList<>(documents.size() * width);
        for (List<String> row : rows)
            for (int i = 0; i < width; i++) flat.add(i < row.size() ? row.get(i) : "");
        if (lookup.outputMode() != OutputMode.INT && width == 0) {
            flat = new ArrayList<>(java.util.Collections.nCopies(documents.size(), ""));
            width = 1;
        }
        return lookup.lookup(flat, new int[] {documents.size(), width});
    }

    /** Refused: a tensor holds numbers, not documents. */
    @Override
    public Tensor call(Tensor inputs, boolean training) {
        throw new IllegalArgumentException("TextVectorization '" + name() + "' vectorizes strings, which a Gradus tensor cannot "
                + "hold: call call(List<String>) before the model (where Keras runs it in a tf.data pipeline) and feed the "
                + "resulting indices to the model");
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int batch = inputShape.length == 0 ? NONE : inputShape[0];
        if (lookup.outputMode() == OutputMode.INT) return new int[] {batch, outputSequenceLength == null ? NONE : outputSequenceLength};
        return lookup.computeOutputShape(new int[] {batch, NONE});
    }

    @Override
    protected boolean builtAtInit() {
        return true; // Keras's build does nothing
    }

    // ------------------------------------------------------------------ config and assets

    @Override
    public Map<String, Object> getConfig() {
        Check.argument(standardizeFn == null && splitFn == null, "TextVectorization '" + name() + "': a custom standardize or "
                + "split function has no config; Gradus cannot serialize a Java lambda (Keras needs a registered function too)");
        Map<String, Object> lc = lookup.getConfig();
        return Config.with(super.getConfig(), "max_tokens", lc.get("max_tokens"), "standardize", standardize, "split", split,
                "ngrams", ngramsArg, "output_mode", lc.get("output_mode"), "output_sequence_length", outputSequenceLength,
                "pad_to_max_tokens", lc.get("pad_to_max_tokens"), "sparse", false, "ragged", false, "vocabulary", lc.get("vocabulary"),
                "idf_weights", lc.get("idf_weights"), "encoding", "utf-8", "vocabulary_size", lookup.vocabularySize());
    }

    public static TextVectorization fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("TextVectorization", config);
        TextVectorization layer = new TextVectorization();
        layer.maxTokens(r.getIntOrNull("max_tokens"));
        Object standardize = r.get("standardize"), split = r.get("split");
        if (standardize != null && !(standardize instanceof String)) throw new IllegalArgumentException("TextVectorization '"
                + config.get("name") + "': a custom standardize function (" + standardize + ") cannot be loaded; Gradus runs no "
                + "code from a file. Load the config with standardize set to null and call standardize(fn) on the layer.");
        if (split != null && !(split instanceof String)) throw new IllegalArgumentException("TextVectorization '" + config.get("name")
                + "': a custom split function (" + split + ") cannot be loaded; Gradus runs no code from a file.");
        layer.standardize((String) standardize);
        layer.split((String) split);
        Object ngrams = r.get("ngrams");
        if (ngrams instanceof Number n) layer.ngrams(n.intValue());
        else if (ngrams instanceof List<?>) layer.ngramWidths(LayerArgs.ints(r, "ngrams", new int[0]));
        else if (ngrams != null) throw new IllegalArgumentException("TextVectorization: `ngrams` must be None, an integer, or a "
                + "tuple of integers. Received: ngrams=" + ngrams);
        layer.outputMode(r.getString("output_mode", "int"));
        layer.outputSequenceLength(r.getIntOrNull("output_sequence_length"));
        layer.padToMaxTokens(r.getBoolean("pad_to_max_tokens", false));
        layer.sparse(r.getBoolean("sparse", false));
        layer.ragged(r.getBoolean("ragged", false));
        layer.encoding(r.getString("encoding", "utf-8"));
        List<Double> idf = r.getDoubles("idf_weights");
        Object vocabulary = r.get("vocabulary");
        if (vocabulary instanceof List<?> l) {
            List<String> v = new ArrayList<>();
            for (Object o : l) v.add(layer.lookup.tokenFromJson("vocabulary", o));
            layer.vocabulary(v, idf == null ? null : idf.stream().mapToDouble(Double::doubleValue).toArray());
        } else if (vocabulary != null) {
            throw new IllegalArgumentException("TextVectorization config: 'vocabulary' must be a list of strings, got " + vocabulary);
        }
        // vocabulary_size is the adapted vocabulary's, which the assets bring back
        layer.lookup.restoreVocabularySize(r.getIntOrNull("vocabulary_size"));
        readBase(layer, r);
        r.done();
        return layer;
    }

    /**
     * Keras writes the lookup's {@code vocabulary.txt} twice: for this layer and for its
     * {@code _lookup_layer} attribute, which Keras's saver also walks; both are written so Keras loads
     * it, and this layer's copy is read.
     */
    @Override
    public Map<String, byte[]> saveAssets() {
        Map<String, byte[]> own = lookup.saveAssets();
        Map<String, byte[]> out = new LinkedHashMap<>(own);
        for (Map.Entry<String, byte[]> e : own.entrySet()) out.put("_lookup_layer/" + e.getKey(), e.getValue());
        return out;
    }

    @Override
    public void loadAssets(Map<String, byte[]> files) {
        lookup.loadAssets(files);
    }
}
