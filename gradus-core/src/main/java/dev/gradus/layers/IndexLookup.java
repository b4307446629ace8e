package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras's {@code IndexLookup}, the machinery of {@link StringLookup} and {@link IntegerLookup}: a
 * vocabulary of tokens mapped to indices {@code [mask][oov...][tokens...]} (the mask token takes index 0
 * only in {@code int} mode), from a given {@code vocabulary} or from {@code adapt} (tokens by count,
 * ties by token, both descending, as Keras's {@code np.lexsort(...)[::-1]}), then encoded by
 * {@link OutputMode}. Tokens outside the vocabulary go to the one OOV index, or with several to
 * {@code oov_start + hash(token) % num_oov_indices} (integers: {@code token mod n}).
 *
 * @param <T> the concrete layer
 * @param <K> the token type: {@code String} or {@code Long}
 */
abstract class IndexLookup<T extends IndexLookup<T, K>, K> extends FluentLayer<T> implements HasAssets {
    private static final String VOCABULARY_FILE = "vocabulary.txt";

    private Integer maxTokens;
    private int numOovIndices = 1;
    private K maskToken;
    private K oovToken;
    private boolean invert;
    private OutputMode outputMode = OutputMode.INT;
    private boolean padToMaxTokens;
    private List<K> inputVocabulary;
    private double[] inputIdfWeights;
    /** The vocabulary without special tokens; null until given or adapted. */
    private List<K> tokens;
    private Map<K, Integer> index;
    private float[] idf;
    /** Keras's {@code vocabulary_size} from a config, before the assets bring the vocabulary. */
    private Integer configVocabularySize;
    // adapt state
    private Map<K, Long> counts;
    private Map<K, Long> documentCounts;
    private long documents;

    IndexLookup(K oovToken) {
        this.oovToken = oovToken;
    }

    /** The class name in messages. */
    abstract String kind();

    /** Tokens in numpy's sort order (strings by code point, integers by value). */
    abstract int compareTokens(K a, K b);

    /** The extra OOV bucket of a token when {@code num_oov_indices > 1}. */
    abstract int oovBucket(K token, int buckets);

    /** A token as the config and {@code vocabulary.txt} write it. */
    abstract Object tokenToJson(K token);

    /** A token from a config value or a line of {@code vocabulary.txt}. */
    abstract K tokenFromJson(String what, Object value);

    // ------------------------------------------------------------------ arguments

    /** The largest vocabulary, special tokens included (Keras's {@code max_tokens}); null for no limit. */
    public T maxTokens(Integer maxTokens) {
        if (maxTokens != null) Check.atLeast("max_tokens", maxTokens, 2);
        this.maxTokens = maxTokens;
        return changed();
    }

    /** How many indices out-of-vocabulary tokens share (hashed when more than one); 0 makes such a token an error. */
    public T numOovIndices(int numOovIndices) {
        this.numOovIndices = Check.atLeast("num_oov_indices", numOovIndices, 0);
        return changed();
    }

    /** The token that means "no value": index 0 in {@code int} mode, dropped in the other modes; null for none. */
    T setMaskToken(K maskToken) {
        this.maskToken = maskToken;
        return changed();
    }

    /** The token an inverted lookup returns for an OOV index. */
    T setOovToken(K oovToken) {
        this.oovToken = oovToken;
        return changed();
    }

    /** Maps indices back to tokens (only with {@code output_mode="int"}). */
    public T invert(boolean invert) {
        this.invert = invert;
        return changed();
    }

    /** Keras's {@code output_mode}: "int", "one_hot", "multi_hot" (or "binary"), "count", "tf_idf". */
    public T outputMode(String outputMode) {
        this.outputMode = OutputMode.parse(kind(), outputMode, OutputMode.values());
        return changed();
    }

    public T outputMode(OutputMode outputMode) {
        return outputMode(Check.notNull("output_mode", outputMode).keras());
    }

    /** Pads the encoded rows to {@code max_tokens} instead of the vocabulary size. */
    public T padToMaxTokens(boolean padToMaxTokens) {
        this.padToMaxTokens = padToMaxTokens;
        return changed();
    }

    /**
     * Keras's {@code sparse}: Gradus has no sparse tensors, so only false is accepted (the dense output
     * holds the same values).
     */
    public T sparse(boolean sparse) {
        PreprocessingArgs.refuseSparse(kind(), sparse);
        return self();
    }

    /**
     * A fixed vocabulary (Keras's {@code vocabulary} argument): the tokens, optionally preceded by the
     * special tokens in their order ({@code [mask][oov...]}). The layer then cannot be adapted, and
     * the vocabulary is saved in the config.
     */
    public T vocabulary(List<K> vocabulary) {
        return vocabulary(vocabulary, null);
    }

    /** A fixed vocabulary with its inverse document frequencies ({@code output_mode="tf_idf"} requires them). */
    public T vocabulary(List<K> vocabulary, double[] idfWeights) {
        Check.notNull("vocabulary", vocabulary);
        this.inputVocabulary = List.copyOf(vocabulary);
        this.inputIdfWeights = idfWeights == null ? null : idfWeights.clone();
        return changed();
    }

    /**
     * Keras's {@code set_vocabulary}: replaces the vocabulary (and IDF weights) as an adapted one, so
     * it is saved as an asset rather than in the config.
     */
    public T setVocabulary(List<K> vocabulary, double[] idfWeights) {
        Check.notNull("vocabulary", vocabulary);
        resolve(List.copyOf(vocabulary), idfWeights);
        return self();
    }

    public T setVocabulary(List<K> vocabulary) {
        return setVocabulary(vocabulary, null);
    }

    private T changed() {
        if (inputVocabulary != null) tokens = null;
        return self();
    }

    public Integer maxTokens() {
        return maxTokens;
    }

    public int numOovIndices() {
        return numOovIndices;
    }

    public K maskToken() {
        return maskToken;
    }

    public K oovToken() {
        return oovToken;
    }

    public boolean invert() {
        return invert;
    }

    public OutputMode outputMode() {
        return outputMode;
    }

    public boolean padToMaxTokens() {
        return padToMaxTokens;
    }

    // ------------------------------------------------------------------ vocabulary

    private int oovStart() {
        return maskToken != null && outputMode == OutputMode.INT ? 1 : 0;
    }

    private int tokenStart() {
        return oovStart() + numOovIndices;
    }

    private List<K> specialTokens() {
        List<K> out = new ArrayList<>();
        for (int i = 0; i < oovStart(); i++) out.add(maskToken);
        for (int i = 0; i < numOovIndices; i++) out.add(oovToken);
        return out;
    }

    /** The vocabulary tokens (no special tokens), resolving a given vocabulary against the current arguments. */
    private List<K> tokens() {
        if (tokens == null && inputVocabulary != null) resolve(inputVocabulary, inputIdfWeights);
        return tokens;
    }

    /** Keras's set_vocabulary checks, then the table. */
    private void resolve(List<K> vocabulary, double[] idfWeights) {
        check();
        if (outputMode == OutputMode.TF_IDF) Check.argument(idfWeights != null, kind() + ": `idf_weights` must be set if "
                + "output_mode is 'tf_idf' (when a vocabulary is given, the idf weights must be given too)");
        else Check.argument(idfWeights == null, kind() + ": `idf_weights` should only be set if output_mode is 'tf_idf'. "
                + "Received: output_mode=" + outputMode.keras() + " and idf_weights=" + Arrays.toString(idfWeights));
        Check.argument(!vocabulary.isEmpty(), kind() + ": cannot set an empty vocabulary. Received: vocabulary=[]");
        List<K> special = specialTokens();
        boolean foundSpecial = vocabulary.size() >= special.size() && vocabulary.subList(0, special.size()).equals(special);
        List<K> toks = foundSpecial ? vocabulary.subList(special.size(), vocabulary.size()) : vocabulary;
        Set<K> seen = new HashSet<>();
        Set<K> repeated = new java.util.LinkedHashSet<>();
        for (K t : toks) {
            Check.argument(t != null, kind() + ": the vocabulary holds a null token");
            if (!seen.add(t)) repeated.add(t);
        }
        Check.argument(repeated.isEmpty(), kind() + ": the passed vocabulary has at least one repeated term. Please uniquify "
                + "your dataset. The repeated terms are: " + repeated);
        Check.argument(maskToken == null || !seen.contains(maskToken), kind() + ": found reserved mask token at unexpected "
                + "location in `vocabulary`. Either remove all mask and OOV tokens, or include them only at the start of the "
                + "vocabulary in precisely this order: " + special + ". Received: mask_token=" + maskToken);
        Check.argument(!(invert && oovToken != null && seen.contains(oovToken)), kind() + ": found reserved OOV token at "
                + "unexpected location in `vocabulary`. Either remove all mask and OOV tokens, or include them only at the start "
                + "of the vocabulary in precisely this order: " + special + ". Received: oov_token=" + oovToken);
        int size = tokenStart() + toks.size();
        Check.argument(maxTokens == null || size <= maxTokens, kind() + ": attempted to set a vocabulary larger than the maximum "
                + "vocab size. Received vocabulary size is " + size + "; `max_tokens` is " + maxTokens + ".");
        float[] weights = null;
        if (outputMode == OutputMode.TF_IDF) {
            Check.argument(idfWeights.length == vocabulary.size(), kind() + ": `idf_weights` must be the same length as "
                    + "vocabulary. len(idf_weights) is " + idfWeights.length + "; len(vocabulary) is " + vocabulary.size());
            double mean = 0;
            for (double w : idfWeights) mean += w;
            mean /= idfWeights.length;
            int front = foundSpecial ? 0 : tokenStart();
            weights = idfWithPadding(idfWeights, front, mean);
        }
        setTable(new ArrayList<>(toks), weights);
    }

    /** idf weights after {@code front} copies of {@code frontValue}, zero-padded to max_tokens with pad_to_max_tokens. */
    private float[] idfWithPadding(double[] weights, int front, double frontValue) {
        int length = front + weights.length;
        if (padToMaxTokens && maxTokens != null) length = Math.max(length, maxTokens);
        float[] out = new float[length];
        for (int i = 0; i < front; i++) out[i] = (float) frontValue;
        for (int i = 0; i < weights.length; i++) out[front + i] = (float) weights[i];
        return out;
    }

    private void setTable(List<K> toks, float[] weights) {
        Map<K, Integer> map = new HashMap<>();
        int start = tokenStart();
        for (int i = 0; i < toks.size(); i++) map.put(toks.get(i), start + i);
        this.tokens = Collections.unmodifiableList(toks);
        this.index = map;
        this.idf = weights;
        this.configVocabularySize = null;
    }

    /** Argument combinations Keras refuses in its constructor. */
    void check() {
        Check.argument(!(invert && outputMode != OutputMode.INT), kind() + ": `output_mode` must be 'int' when `invert` is true. "
                + "Received: output_mode=" + outputMode.keras());
        Check.argument(inputIdfWeights == null || outputMode == OutputMode.TF_IDF, kind() + ": `idf_weights` should only be set "
                + "if `output_mode` is 'tf_idf'. Received: output_mode=" + outputMode.keras());
    }

    /**
     * Keras's {@code get_vocabulary(include_special_tokens=True)}: the token at each index (the mask
     * token at 0 in int mode, the OOV token at each OOV index), then the vocabulary.
     */
    public List<K> getVocabulary() {
        return getVocabulary(true);
    }

    /** With {@code includeSpecialTokens} false, only the learned or given tokens. */
    public List<K> getVocabulary(boolean includeSpecialTokens) {
        List<K> out = new ArrayList<>();
        if (includeSpecialTokens) out.addAll(specialTokens());
        if (tokens() != null) out.addAll(tokens);
        return out;
    }

    /** Keras's {@code vocabulary_size()}: the number of indices, special ones included. */
    public int vocabularySize() {
        if (tokens() == null && configVocabularySize != null) return configVocabularySize;
        return tokenStart() + (tokens() == null ? 0 : tokens.size());
    }

    /** The idf weights per output index in tf_idf mode (null otherwise, or before adapt). */
    public float[] idfWeights() {
        tokens();
        return idf == null ? null : idf.clone();
    }

    /** The width of the non-int outputs. */
    int depth() {
        if (padToMaxTokens) {
            Check.argument(maxTokens != null, kind() + ": `pad_to_max_tokens=True` needs `max_tokens`");
            return maxTokens;
        }
        if (tokens() == null && configVocabularySize == null) throw new IllegalStateException(kind() + " '" + name()
                + "': when using output_mode=" + outputMode.keras() + " and pad_to_max_tokens=False, you must set the layer's "
                + "vocabulary before calling it. Either pass a `vocabulary` argument to the layer, or call `adapt` with some sample data.");
        return vocabularySize();
    }

    // ------------------------------------------------------------------ adapt

    /** Keras's {@code reset_state} before an adapt. */
    void startAdapt() {
        check();
        if (inputVocabulary != null) throw new IllegalStateException(kind() + ": cannot adapt layer '" + name()
                + "' after setting a static vocabulary via the `vocabulary` argument.");
        counts = new HashMap<>();
        documentCounts = new HashMap<>();
        documents = 0;
    }

    /** Keras's {@code update_state} on a batch whose rows are documents (tf_idf counts each token once per row). */
    void adaptRows(List<List<K>> rows) {
        for (List<K> row : rows) {
            Set<K> inRow = new HashSet<>();
            for (K t : row) {
                Check.argument(t != null, kind() + ": adapt data holds a null token");
                counts.merge(t, 1L, Long::sum);
                if (inRow.add(t)) documentCounts.merge(t, 1L, Long::sum);
            }
            documents++;
        }
    }

    /** Keras's {@code finalize_state}: the vocabulary by count then token, descending, truncated to max_tokens. */
    void finishAdapt() {
        Map<K, Long> c = counts;
        counts = null;
        if (c.isEmpty()) return;
        if (maskToken != null) c.remove(maskToken);
        if (oovToken != null) c.remove(oovToken);
        List<K> sorted = new ArrayList<>(c.keySet());
        sorted.sort((a, b) -> {
            int byCount = Long.compare(c.get(b), c.get(a));
            return byCount != 0 ? byCount : compareTokens(b, a);
        });
        if (maxTokens != null) sorted = new ArrayList<>(sorted.subList(0, Math.min(sorted.size(), Math.max(0, maxTokens - tokenStart()))));
        float[] weights = null;
        if (outputMode == OutputMode.TF_IDF) {
            double[] w = new double[sorted.size()];
            double mean = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) Math.log(1 + (double) documents / (1 + documentCounts.get(sorted.get(i))));
                mean += w[i];
            }
            weights = idfWithPadding(w, tokenStart(), w.length == 0 ? 0 : (float) (mean / w.length));
        }
        documentCounts = null;
        setTable(sorted, weights);
    }

    // ------------------------------------------------------------------ lookups

    /** The index of one token (int mode: the mask gives 0; other modes: -1, which the encoding drops). */
    float indexOf(K token) {
        tokens();
        if (maskToken != null && maskToken.equals(token)) return outputMode == OutputMode.INT ? 0 : -1;
        Integer i = index == null ? null : index.get(token);
        if (i != null) return i;
        if (numOovIndices == 0) throw new IllegalArgumentException(kind() + " '" + name() + "': when `num_oov_indices=0` all "
                + "inputs should be in vocabulary, found OOV value " + token + "; consider setting `num_oov_indices=1`.");
        return oovStart() + (numOovIndices == 1 ? 0 : oovBucket(token, numOovIndices));
    }

    /** The token at one index (inverse lookup: the mask token at 0 when there is one, else the OOV token for unknown indices). */
    K tokenAt(long i) {
        tokens();
        if (maskToken != null && i == 0) return maskToken;
        int start = tokenStart();
        if (tokens != null && i >= start && i - start < tokens.size()) return tokens.get((int) (i - start));
        return oovToken;
    }

    /** Looks up {@code flat} (row-major, of {@code shape}) and encodes by the output mode. */
    Tensor lookup(List<K> flat, int[] shape) {
        check();
        Check.argument(!invert, kind() + " '" + name() + "' is inverted (invert=true): it maps indices to tokens, not tokens to indices");
        float[] indices = new float[flat.size()];
        for (int i = 0; i < indices.length; i++) indices[i] = indexOf(Check.notNull("token", flat.get(i)));
        if (outputMode == OutputMode.INT) return Tensor.of(indices, shape);
        int depth = depth();
        float[] weights = null;
        if (outputMode == OutputMode.TF_IDF) {
            weights = idf;
            if (weights == null) throw new IllegalStateException(kind() + " '" + name() + "': output_mode='tf_idf' needs idf "
                    + "weights: call adapt, or give the vocabulary with its idf weights");
            if (weights.length < depth) weights = Arrays.copyOf(weights, depth);
        }
        return CategoricalEncoding.encode(indices, shape, outputMode, depth, null, weights);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        if (outputMode == OutputMode.INT) return inputShape.clone();
        // before a vocabulary exists the width is unknown, as Keras's None
        boolean known = padToMaxTokens || tokens() != null || configVocabularySize != null;
        return CategoricalEncoding.outputShape(inputShape, outputMode, known ? depth() : NONE);
    }

    @Override
    protected boolean builtAtInit() {
        return true; // Keras's get_build_config is {} and build(None) changes nothing
    }

    // ------------------------------------------------------------------ config and assets

    @Override
    public Map<String, Object> getConfig() {
        Integer size = tokens() != null ? (Integer) vocabularySize() : configVocabularySize;
        return Config.with(super.getConfig(), "invert", invert, "max_tokens", maxTokens, "num_oov_indices", numOovIndices,
                "oov_token", oovToken == null ? null : tokenToJson(oovToken), "mask_token", maskToken == null ? null : tokenToJson(maskToken),
                "output_mode", outputMode.keras(), "sparse", false, "pad_to_max_tokens", padToMaxTokens,
                "idf_weights", inputIdfWeights == null ? null : doubles(inputIdfWeights),
                "vocabulary", inputVocabulary == null ? null : tokensToJson(inputVocabulary), "vocabulary_size", size);
    }

    private List<Object> tokensToJson(List<K> toks) {
        List<Object> out = new ArrayList<>(toks.size());
        for (K t : toks) out.add(tokenToJson(t));
        return out;
    }

    private static List<Double> doubles(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) out.add(v);
        return out;
    }

    /** Keras's {@code vocabulary_size} from a config: the size until the assets bring the adapted vocabulary. */
    void restoreVocabularySize(Integer size) {
        if (tokens() == null) configVocabularySize = size;
    }

    /** Reads IndexLookup's keys (not the base ones) into {@code layer}. */
    static <L extends IndexLookup<L, K>, K> L readLookup(L layer, Config.Reader r) {
        layer.invert(r.getBoolean("invert", false));
        layer.maxTokens(r.getIntOrNull("max_tokens"));
        layer.numOovIndices(r.getInt("num_oov_indices", 1));
        if (r.has("oov_token")) layer.setOovToken(r.get("oov_token") == null ? null : layer.tokenFromJson("oov_token", r.get("oov_token")));
        layer.setMaskToken(r.get("mask_token") == null ? null : layer.tokenFromJson("mask_token", r.get("mask_token")));
        layer.outputMode(r.getString("output_mode", "int"));
        layer.sparse(r.getBoolean("sparse", false));
        layer.padToMaxTokens(r.getBoolean("pad_to_max_tokens", false));
        List<Double> idfWeights = r.getDoubles("idf_weights");
        Object vocabulary = r.get("vocabulary");
        if (vocabulary instanceof String) throw new IllegalArgumentException(layer.kind() + " config: a vocabulary file path ("
                + vocabulary + ") is not read; Gradus reads vocabularies only from the config or the archive's assets");
        if (vocabulary != null) {
            if (!(vocabulary instanceof List<?> list)) throw new IllegalArgumentException(layer.kind()
                    + " config: 'vocabulary' must be a list, got " + vocabulary);
            List<K> toks = new ArrayList<>();
            for (Object o : list) toks.add(layer.tokenFromJson("vocabulary", o));
            layer.vocabulary(toks, idfWeights == null ? null : idfWeights.stream().mapToDouble(Double::doubleValue).toArray());
        } else {
            Check.argument(idfWeights == null, layer.kind() + " config: 'idf_weights' without a 'vocabulary'");
        }
        layer.restoreVocabularySize(r.getIntOrNull("vocabulary_size"));
        return layer;
    }

    /**
     * Keras's {@code save_assets}: an adapted (or {@code setVocabulary}) vocabulary as {@code vocabulary.txt}, one token a
     * line with the special tokens first; nothing when the vocabulary is in the config.
     */
    @Override
    public Map<String, byte[]> saveAssets() {
        if (inputVocabulary != null) return Map.of();
        Check.argument(!(outputMode == OutputMode.TF_IDF && idf != null), kind() + " '" + name() + "': saving an adapted "
                + "output_mode='tf_idf' layer is not supported (Keras stores its idf weights under a named weights entry that "
                + "Gradus's weights layout does not write); pass the vocabulary and idf weights as arguments instead");
        List<String> lines = new ArrayList<>();
        for (K t : getVocabulary(true)) lines.add(String.valueOf(tokenToJson(t)));
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put(VOCABULARY_FILE, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Keras's {@code load_assets}: {@code vocabulary.txt} split on newlines becomes the vocabulary. */
    @Override
    public void loadAssets(Map<String, byte[]> files) {
        if (inputVocabulary != null) return;
        byte[] file = files.get(VOCABULARY_FILE);
        if (file == null) throw new IllegalArgumentException(kind() + " '" + name() + "': the archive has no "
                + VOCABULARY_FILE + " for this layer's adapted vocabulary");
        Check.argument(outputMode != OutputMode.TF_IDF, kind() + " '" + name() + "': loading an adapted output_mode='tf_idf' "
                + "layer is not supported (its idf weights are stored outside Gradus's weights layout)");
        List<K> toks = new ArrayList<>();
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n", -1)) toks.add(tokenFromJson(VOCABULARY_FILE, line));
        resolve(toks, null);
    }
}
