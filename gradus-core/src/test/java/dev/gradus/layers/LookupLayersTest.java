package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * StringLookup, IntegerLookup, CategoryEncoding, Hashing, Discretization against the examples in
 * Keras's docstrings (keras/src/layers/preprocessing/*.py, Keras 3.10), which were produced by Keras
 * itself, and their configs as Keras writes them.
 */
class LookupLayersTest {
    private static final List<String> VOCAB = List.of("a", "b", "c", "d");
    private static final String[][] DATA = {{"a", "c", "d"}, {"d", "z", "b"}};

    private static double[] d(double... v) {
        return v;
    }

    @Test
    void stringLookupWithAVocabularyMapsOovToOne() {
        StringLookup layer = new StringLookup().vocabulary(VOCAB);
        Tensor out = layer.call(DATA);
        assertThat(out.shape().dims()).containsExactly(2, 3);
        assertValues(out, d(1, 3, 4, 4, 0, 2), 0);
        assertThat(layer.getVocabulary()).containsExactly("[UNK]", "a", "b", "c", "d");
        assertThat(layer.vocabularySize()).isEqualTo(5);
        assertValues(layer.call(List.of("b", "q")), d(2, 0), 0);
    }

    @Test
    void stringLookupAdaptsByCountThenByTokenDescending() {
        StringLookup layer = new StringLookup().adapt(DATA);
        assertThat(layer.getVocabulary()).containsExactly("[UNK]", "d", "z", "c", "b", "a");
        assertValues(layer.call(DATA), d(5, 3, 1, 1, 2, 4), 0);
        assertThat(layer.getVocabulary(false)).containsExactly("d", "z", "c", "b", "a");
        // max_tokens keeps the most frequent, special tokens counted
        assertThat(new StringLookup().maxTokens(3).adapt(DATA).getVocabulary()).containsExactly("[UNK]", "d", "z");
        // code point order: U+1F600 sorts above U+FFFD (UTF-16's compareTo says the opposite)
        assertThat(new StringLookup().adapt(List.of("\uFFFD", "\uD83D\uDE00")).getVocabulary(false))
                .containsExactly("\uD83D\uDE00", "\uFFFD");
    }

    @Test
    void stringLookupHashesOovTokensWithFarmHashAsTensorFlow() {
        // Keras's example: 'm' goes to OOV index 0 and 'z' to OOV index 1
        StringLookup layer = new StringLookup().vocabulary(VOCAB).numOovIndices(2);
        assertValues(layer.call(new String[][] {{"a", "c", "d"}, {"m", "z", "b"}}), d(2, 4, 5, 0, 1, 3), 0);
    }

    @Test
    void stringLookupEncodesOneHotMultiHotCountAndTfIdf() {
        Tensor oneHot = new StringLookup().vocabulary(VOCAB).outputMode("one_hot").call(List.of("a", "b", "c", "d", "z"));
        assertThat(oneHot.shape().dims()).containsExactly(5, 5);
        assertValues(oneHot, d(0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0), 0);
        String[][] data = {{"a", "c", "d", "d"}, {"d", "z", "b", "z"}};
        assertValues(new StringLookup().vocabulary(VOCAB).outputMode(OutputMode.MULTI_HOT).call(data),
                d(0, 1, 0, 1, 1, 1, 0, 1, 0, 1), 0);
        assertValues(new StringLookup().vocabulary(VOCAB).outputMode("count").call(data), d(0, 1, 0, 1, 2, 2, 0, 1, 0, 1), 0);
        // OOV gets the mean idf weight (0.5)
        assertValues(new StringLookup().vocabulary(VOCAB, new double[] {0.25, 0.75, 0.6, 0.4}).outputMode("tf_idf").call(data),
                d(0, 0.25, 0, 0.6, 0.8, 1.0, 0, 0.75, 0, 0.4), 1e-6);
        // pad_to_max_tokens widens the rows
        assertThat(new StringLookup().vocabulary(VOCAB).outputMode("multi_hot").maxTokens(8).padToMaxTokens(true).call(data)
                .shape().dims()).containsExactly(2, 8);
    }

    @Test
    void stringLookupInvertsAndMasks() {
        StringLookup inverse = new StringLookup().vocabulary(VOCAB).invert(true);
        assertThat(inverse.decode(Tensor.of(new float[] {1, 3, 4, 4, 0, 2}, 2, 3))).containsExactly("a", "c", "d", "d", "[UNK]", "b");
        StringLookup masked = new StringLookup().vocabulary(VOCAB).maskToken("");
        assertThat(masked.getVocabulary()).containsExactly("", "[UNK]", "a", "b", "c", "d");
        assertValues(masked.call(List.of("", "a", "z")), d(0, 2, 1), 0);
        // outside int mode the mask token drops out and takes no index
        assertValues(new StringLookup().vocabulary(VOCAB).maskToken("").outputMode("multi_hot").call(List.of("", "a")),
                d(0, 1, 0, 0, 0), 0);
        StringLookup maskedInverse = new StringLookup().vocabulary(VOCAB).maskToken("").invert(true);
        assertThat(maskedInverse.decode(Tensor.of(new float[] {0, 1, 2, 9}))).containsExactly("", "[UNK]", "a", "[UNK]");
    }

    @Test
    void stringLookupAdaptsTfIdfWeights() {
        StringLookup layer = new StringLookup().outputMode("tf_idf").adapt(new String[][] {{"a", "a", "b"}, {"b", "c", "c"}});
        assertThat(layer.getVocabulary()).containsExactly("[UNK]", "c", "b", "a");
        // log(1 + 2 / (1 + document count)): c and a in one document, b in two; OOV gets the mean
        double one = Math.log(1 + 2 / 2.0), two = Math.log(1 + 2 / 3.0);
        float[] idf = layer.idfWeights();
        assertThat((double) idf[1]).isCloseTo(one, org.assertj.core.api.Assertions.within(1e-6));
        assertThat((double) idf[2]).isCloseTo(two, org.assertj.core.api.Assertions.within(1e-6));
        assertThat((double) idf[0]).isCloseTo((2 * one + two) / 3, org.assertj.core.api.Assertions.within(1e-6));
        assertValues(layer.call(List.of("a", "a", "z")), d(idf[0], 0, 0, 2 * one), 1e-6);
    }

    @Test
    void stringLookupRefusesWhatKerasRefuses() {
        assertThatThrownBy(() -> new StringLookup().vocabulary(List.of("a", "a")).call(List.of("a")))
                .hasMessageContaining("repeated term").hasMessageContaining("[a]");
        assertThatThrownBy(() -> new StringLookup().vocabulary(VOCAB).numOovIndices(0).call(List.of("z")))
                .hasMessageContaining("num_oov_indices=0").hasMessageContaining("z");
        assertThatThrownBy(() -> new StringLookup().vocabulary(VOCAB).invert(true).outputMode("one_hot").getVocabulary())
                .hasMessageContaining("`output_mode` must be 'int' when `invert` is true");
        assertThatThrownBy(() -> new StringLookup().outputMode("multi_hot").call(List.of("a")))
                .hasMessageContaining("you must set the layer's vocabulary");
        assertThatThrownBy(() -> new StringLookup().vocabulary(VOCAB).adapt(List.of("a")))
                .hasMessageContaining("after setting a static vocabulary");
        assertThatThrownBy(() -> new StringLookup().call(Tensor.of(new float[] {1}), false))
                .hasMessageContaining("call(List<String>)");
        assertThatThrownBy(() -> new StringLookup().outputMode("hot")).hasMessageContaining("output_mode=hot")
                .hasMessageContaining("one_hot");
        assertThatThrownBy(() -> new StringLookup().sparse(true)).hasMessageContaining("sparse");
        assertThatThrownBy(() -> new StringLookup().call(new String[][] {{"a"}, {"a", "b"}})).hasMessageContaining("[1, 2]");
    }

    @Test
    void integerLookupFollowsKerasExamples() {
        Tensor data = Tensor.of(new float[] {12, 1138, 42, 42, 1000, 36}, 2, 3);
        IntegerLookup layer = new IntegerLookup().vocabulary(12, 36, 1138, 42);
        assertValues(layer.call(data, false), d(1, 3, 4, 4, 0, 2), 0);
        IntegerLookup adapted = new IntegerLookup().adapt(data);
        assertThat(adapted.getVocabulary()).containsExactly(-1L, 42L, 1138L, 1000L, 36L, 12L);
        assertValues(adapted.call(data, false), d(5, 2, 1, 1, 3, 4), 0);
        // multiple OOV indices: token mod 2 (37 -> 1, 1000 -> 0)
        assertValues(new IntegerLookup().vocabulary(12, 36, 1138, 42).numOovIndices(2)
                .call(Tensor.of(new float[] {12, 1138, 42, 37, 1000, 36}, 2, 3), false), d(2, 4, 5, 1, 0, 3), 0);
        // tf_idf with the special token in the vocabulary: its weight is given, not the mean
        IntegerLookup tfidf = new IntegerLookup().outputMode("tf_idf").vocabulary(List.of(-1L, 12L, 36L, 1138L, 42L),
                new double[] {0.9, 0.25, 0.75, 0.6, 0.4});
        assertValues(tfidf.call(Tensor.of(new float[] {12, 1138, 42, 42, 42, 7, 36, 7}, 2, 4), false),
                d(0, 0.25, 0, 0.6, 0.8, 1.8, 0, 0.75, 0, 0.4), 1e-6);
        IntegerLookup inverse = new IntegerLookup().vocabulary(12, 36, 1138, 42).invert(true);
        assertValues(inverse.call(Tensor.of(new float[] {1, 3, 4, 4, 0, 2}, 2, 3), false), d(12, 1138, 42, 42, -1, 36), 0);
        Tensor oneHot = new IntegerLookup().vocabulary(12, 36, 1138, 42).outputMode("one_hot")
                .call(Tensor.of(new float[] {12, 36, 1138, 42, 7}), false);
        assertValues(oneHot, d(0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0), 0);
        assertThat(layer.computeOutputShape(new int[] {Layer.NONE, 3})).containsExactly(Layer.NONE, 3);
        assertThat(new IntegerLookup().vocabulary(1, 2).outputMode("count").computeOutputShape(new int[] {Layer.NONE, 3}))
                .containsExactly(Layer.NONE, 3);
    }

    @Test
    void lookupConfigsAreKerasAndRoundTrip() {
        // the keys and order of Keras 3.10's StringLookup.get_config()
        Map<String, Object> c = new StringLookup().name("sl").vocabulary(VOCAB).maskToken("").getConfig();
        assertThat(c.keySet()).containsExactly("name", "trainable", "dtype", "invert", "max_tokens", "num_oov_indices", "oov_token",
                "mask_token", "output_mode", "sparse", "pad_to_max_tokens", "idf_weights", "vocabulary", "vocabulary_size", "encoding");
        assertThat(c.get("vocabulary_size")).isEqualTo(6);
        assertThat(new IntegerLookup().getConfig().keySet()).containsSequence("pad_to_max_tokens", "vocabulary_dtype", "idf_weights");
        roundTrip(new StringLookup().vocabulary(VOCAB).numOovIndices(2).maxTokens(10));
        roundTrip(new StringLookup().vocabulary(VOCAB, new double[] {1, 2, 3, 4}).outputMode("tf_idf").padToMaxTokens(true).maxTokens(9));
        roundTrip(new StringLookup().adapt(DATA)); // the adapted vocabulary is an asset, not config
        roundTrip(new IntegerLookup().vocabulary(5, 6).maskToken(0L).oovToken(-7L).invert(true));
        // as Keras 3.10 writes an adapted StringLookup
        Map<String, Object> file = Config.of("name", "string_lookup", "trainable", true, "dtype", Layer.dtypePolicy(), "invert", false,
                "max_tokens", null, "num_oov_indices", 1, "oov_token", "[UNK]", "mask_token", null, "output_mode", "int",
                "sparse", false, "pad_to_max_tokens", false, "idf_weights", null, "vocabulary", null, "vocabulary_size", 6,
                "encoding", "utf-8");
        StringLookup back = StringLookup.fromConfig(file);
        assertThat(back.vocabularySize()).isEqualTo(6);
        assertThat(back.getConfig()).isEqualTo(file);
        back.loadAssets(Map.of("vocabulary.txt", "[UNK]\nd\nz\nc\nb\na".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertValues(back.call(DATA), d(5, 3, 1, 1, 2, 4), 0);
        assertThat(new String(new StringLookup().adapt(DATA).saveAssets().get("vocabulary.txt"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("[UNK]\nd\nz\nc\nb\na");
        assertThat(new StringLookup().vocabulary(VOCAB).saveAssets()).isEmpty();
        assertThat(new IntegerLookup().adapt(Tensor.of(new float[] {3, 3, 4})).saveAssets().get("vocabulary.txt"))
                .isEqualTo("-1\n3\n4".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void whatGradusCannotSaveOrReadIsRefusedByName() {
        StringLookup tfidf = new StringLookup().outputMode("tf_idf").adapt(List.of("a", "b"));
        assertThatThrownBy(tfidf::saveAssets).hasMessageContaining("tf_idf").hasMessageContaining("idf weights as arguments");
        Map<String, Object> withPath = new java.util.LinkedHashMap<>(new StringLookup().getConfig());
        withPath.put("vocabulary", "/etc/vocab.txt");
        assertThatThrownBy(() -> StringLookup.fromConfig(withPath)).hasMessageContaining("vocabulary file path");
        assertThatThrownBy(() -> new StringLookup().encoding("latin-1")).hasMessageContaining("utf-8");
    }

    @Test
    void categoryEncodingFollowsKerasExamples() {
        CategoryEncoding oneHot = new CategoryEncoding(4).outputMode("one_hot");
        Tensor o = oneHot.call(Tensor.of(new float[] {3, 2, 0, 1}), false);
        assertThat(o.shape().dims()).containsExactly(4, 4);
        assertValues(o, d(0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0), 0);
        Tensor pairs = Tensor.of(new float[] {0, 1, 0, 0, 1, 2, 3, 1}, 4, 2);
        assertValues(new CategoryEncoding(4).call(pairs, false), d(1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1), 0);
        Tensor weights = Tensor.of(new float[] {.1f, .2f, .1f, .1f, .2f, .3f, .4f, .2f}, 4, 2);
        assertValues(new CategoryEncoding(4).outputMode(OutputMode.COUNT).call(pairs, weights),
                d(.1, .2, 0, 0, .2, 0, 0, 0, 0, .2, .3, 0, 0, .2, 0, .4), 1e-6);
        // a (batch, 1) input loses its last axis in one_hot mode
        assertThat(oneHot.computeOutputShape(new int[] {Layer.NONE, 1})).containsExactly(Layer.NONE, 4);
        assertThat(oneHot.call(Tensor.of(new float[] {1, 2}, 2, 1), false).shape().dims()).containsExactly(2, 4);
        assertThat(new CategoryEncoding(4).getConfig().keySet()).containsExactly("name", "trainable", "dtype", "num_tokens", "output_mode");
        roundTrip(new CategoryEncoding(7).outputMode("count"));
        assertThatThrownBy(() -> new CategoryEncoding(0)).hasMessageContaining("num_tokens");
        assertThatThrownBy(() -> new CategoryEncoding(3).call(pairs, weights)).hasMessageContaining("count_weights");
        assertThatThrownBy(() -> new CategoryEncoding(3).outputMode("tf_idf")).hasMessageContaining("output_mode=tf_idf");
    }

    @Test
    void hashingMatchesKerasFarmHashAndSipHashExamples() {
        List<List<String>> inp = List.of(List.of("A"), List.of("B"), List.of("C"), List.of("D"), List.of("E"));
        String[][] rows = inp.stream().map(r -> r.toArray(new String[0])).toArray(String[][]::new);
        Tensor out = new Hashing(3).call(rows);
        assertThat(out.shape().dims()).containsExactly(5, 1);
        assertValues(out, d(1, 0, 1, 1, 2), 0);
        assertValues(new Hashing(3).maskValue("").call(new String[][] {{"A"}, {"B"}, {""}, {"C"}, {"D"}}), d(1, 1, 0, 2, 2), 0);
        assertValues(new Hashing(3).salt(133, 137).call(rows), d(1, 2, 1, 0, 2), 0);
        assertValues(new Hashing(3).salt(133).call(rows), d(0, 0, 2, 1, 0), 0);
        // numbers hash as their integer text, inside a model's tensors
        Hashing h = new Hashing(7);
        assertThat(h.call(Tensor.of(new float[] {12, -5, 3.7f}), false).toFloatArray())
                .containsExactly(h.bin("12"), h.bin("-5"), h.bin("3"));
        assertValues(new Hashing(3).outputMode("multi_hot").call(List.of("A", "B")), d(1, 1, 0), 0);
        // a numeric mask compares the value before the cast: 1.5 is not the mask 1, though it hashes as "1"
        Hashing masked = new Hashing(5).maskValue(1);
        float[] bins = masked.call(Tensor.of(new float[] {1, 1.5f}), false).toFloatArray();
        assertThat(bins[0]).isZero();
        assertThat(bins[1]).isEqualTo(1 + TokenHash.fast("1", 4));
        Map<String, Object> c = new Hashing(3).salt(1, 2).maskValue("").getConfig();
        assertThat(c.keySet()).containsExactly("name", "trainable", "dtype", "num_bins", "salt", "mask_value", "output_mode", "sparse");
        assertThat(c.get("dtype")).isEqualTo(PreprocessingArgs.policy("int64"));
        roundTrip(new Hashing(3).salt(1, 2).maskValue(""));
        roundTrip(new Hashing(5).maskValue(0).outputMode("count"));
        assertThatThrownBy(() -> new Hashing(0)).hasMessageContaining("num_bins=0");
    }

    @Test
    void discretizationFollowsKerasExamples() {
        Tensor input = Tensor.of(new float[] {-1.5f, 1.0f, 3.4f, .5f, 0.0f, 3.0f, 1.3f, 0.0f}, 2, 4);
        assertValues(new Discretization().binBoundaries(0, 1, 2).call(input, false), d(0, 2, 3, 1, 1, 3, 2, 1), 0);
        Discretization adapted = new Discretization().numBins(4).epsilon(0.01).adapt(input);
        assertValues(adapted.call(input, false), d(0, 2, 3, 2, 1, 3, 3, 1), 0);
        assertValues(new Discretization().binBoundaries(0, 1).outputMode("one_hot").call(Tensor.of(new float[] {-1, 0.5f, 7}), false),
                d(1, 0, 0, 0, 1, 0, 0, 0, 1), 0);
        Map<String, Object> c = adapted.getConfig();
        assertThat(c.keySet()).containsExactly("bin_boundaries", "num_bins", "epsilon", "output_mode", "sparse", "name", "dtype");
        assertThat(c.get("dtype")).isEqualTo("int64");
        Layer back = roundTrip(adapted);
        assertValues(back.call(input, false), d(0, 2, 3, 2, 1, 3, 3, 1), 0);
        roundTrip(new Discretization().binBoundaries(-1, 2.5).outputMode("count"));
        assertThatThrownBy(() -> new Discretization().binBoundaries(1).numBins(2)).hasMessageContaining("should not be set");
        assertThatThrownBy(() -> new Discretization().binBoundaries(1).adapt(input)).hasMessageContaining("use `num_bins`");
        assertThatThrownBy(() -> new Discretization().call(input, false)).hasMessageContaining("adapt");
    }

    @Test
    void discretizationAdaptOnBatchesMergesSummaries() {
        // 1000 values 0..999 in batches of 100: quartiles near 250, 500, 750
        java.util.List<Tensor> batches = new java.util.ArrayList<>();
        for (int b = 0; b < 10; b++) {
            float[] v = new float[100];
            for (int i = 0; i < 100; i++) v[i] = b * 100 + i;
            batches.add(Tensor.of(v));
        }
        double[] bounds = new Discretization().numBins(4).adapt(batches).binBoundaries();
        assertThat(bounds).hasSize(3);
        for (int i = 0; i < 3; i++) assertThat(bounds[i]).isCloseTo(250.0 * (i + 1), org.assertj.core.api.Assertions.within(15.0));
        assertThat(Arrays.stream(bounds).sorted().toArray()).containsExactly(bounds);
    }
}
