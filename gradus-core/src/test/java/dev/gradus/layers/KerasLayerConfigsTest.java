package dev.gradus.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every built-in layer's serialized object carries Keras 3's key set in Keras's order (taken from the
 * real {@code config.json} files in shared/data/keras-models and from keras/src/layers), survives
 * JSON and {@code Layers.deserialize} with an equal config, and is rebuilt from its build config.
 */
class KerasLayerConfigsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> BASE = List.of("name", "trainable", "dtype");
    static final List<String> CONV = List.of("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
            "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
            "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint");
    static final List<String> POOL = List.of("pool_size", "padding", "strides", "data_format");
    static final List<String> GLOBAL = List.of("data_format", "keepdims");
    static final List<String> BUILT_AT_INIT = List.of("Activation", "Dropout", "Reshape", "MaxPooling1D", "MaxPooling2D",
            "AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D",
            "GlobalMaxPooling2D", "StringLookup", "IntegerLookup", "TextVectorization",
            // #19 conv
            "UpSampling1D", "UpSampling2D", "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D", "ReLU", "LeakyReLU",
            "ELU", "Softmax", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
            "ActivityRegularization", "UnitNormalization",
            // #19 sequence
            "Masking");

    /** One built layer of each built-in class, with the input shape it is built for and Keras's own keys. */
    record Case(Layer layer, Object inputShape, List<String> keys) {}

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(new Dense(3).activation("relu").kernelRegularizer("l2"), shape(4),
                List.of("units", "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
                        "bias_regularizer", "kernel_constraint", "bias_constraint", "quantization_config")));
        c.add(new Case(new Activation("tanh"), shape(4), List.of("activation")));
        c.add(new Case(new Dropout(0.3).seed(7).noiseShape(Layer.NONE, 1), shape(4), List.of("rate", "seed", "noise_shape")));
        c.add(new Case(new Flatten(), shape(2, 3), List.of("data_format")));
        c.add(new Case(new Reshape(3, 2), shape(6), List.of("target_shape")));
        c.add(new Case(new Permute(2, 1), shape(2, 3), List.of("dims")));
        c.add(new Case(new RepeatVector(2), shape(3), List.of("n")));
        c.add(new Case(new Conv1D(2, 3).padding("causal").activation("relu"), shape(8, 2), CONV));
        c.add(new Case(new Conv2D(4, 3).strides(2).padding("same").kernelConstraint("max_norm"), shape(8, 8, 2), CONV));
        c.add(new Case(new MaxPooling1D(3), shape(9, 2), POOL));
        c.add(new Case(new MaxPooling2D().padding("same"), shape(5, 5, 2), POOL));
        c.add(new Case(new AveragePooling1D(), shape(8, 2), POOL));
        c.add(new Case(new AveragePooling2D().strides(1), shape(4, 4, 1), POOL));
        c.add(new Case(new GlobalAveragePooling1D().keepdims(true), shape(5, 2), GLOBAL));
        c.add(new Case(new GlobalAveragePooling2D(), shape(3, 3, 2), GLOBAL));
        c.add(new Case(new GlobalMaxPooling1D(), shape(5, 2), GLOBAL));
        c.add(new Case(new GlobalMaxPooling2D(), shape(3, 3, 2), GLOBAL));
        c.add(new Case(new BatchNormalization().momentum(0.9).center(false), shape(4),
                List.of("axis", "momentum", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
                        "moving_mean_initializer", "moving_variance_initializer", "beta_regularizer", "gamma_regularizer",
                        "beta_constraint", "gamma_constraint", "synchronized")));
        c.add(new Case(new LayerNormalization().epsilon(1e-5), shape(3, 4),
                List.of("axis", "epsilon", "center", "scale", "rms_scaling", "beta_initializer", "gamma_initializer",
                        "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")));
        c.add(new Case(new Embedding(20, 4), shape(Layer.NONE),
                List.of("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer", "activity_regularizer",
                        "embeddings_constraint", "mask_zero")));
        c.add(new Case(new Add(), List.of(shape(3), shape(3)), List.of()));
        c.add(new Case(new Multiply(), List.of(shape(3), shape(3)), List.of()));
        c.add(new Case(new Concatenate().axis(1), List.of(shape(3), shape(2)), List.of("axis")));
        c.add(new Case(new Normalization(), shape(9), List.of("axis", "invert", "mean", "variance")));
        c.add(new Case(new Rescaling(1 / 255.0), shape(4, 4, 3), List.of("scale", "offset")));
        c.add(new Case(new Resizing(8, 6).interpolation("nearest"), shape(4, 4, 3), List.of("height", "width", "interpolation",
                "crop_to_aspect_ratio", "pad_to_aspect_ratio", "fill_mode", "fill_value", "antialias", "data_format")));
        c.add(new Case(new RandomRotation(0.1), shape(8, 8, 1), List.of("factor", "data_format", "fill_mode", "fill_value",
                "interpolation", "seed")));
        List<String> affine = List.of("height_factor", "width_factor", "fill_mode", "interpolation", "seed", "fill_value",
                "data_format");
        c.add(new Case(new RandomZoom(0.1), shape(8, 8, 1), affine));
        c.add(new Case(new RandomTranslation(0.1, 0.2), shape(8, 8, 1), affine));
        c.add(new Case(new LSTM(4).returnSequences(true), shape(5, 3), List.of("return_sequences", "return_state", "go_backwards",
                "stateful", "unroll", "zero_output_for_mask", "units", "activation", "recurrent_activation", "use_bias",
                "kernel_initializer", "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
                "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
                "bias_constraint", "dropout", "recurrent_dropout", "seed")));
        c.add(new Case(new LSTMCell(4), shape(3), List.of("units", "activation", "recurrent_activation", "use_bias",
                "unit_forget_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
                "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
                "dropout", "recurrent_dropout", "seed")));
        // #19 preprocessing
        List<String> lookup = List.of("invert", "max_tokens", "num_oov_indices", "oov_token", "mask_token", "output_mode", "sparse",
                "pad_to_max_tokens", "idf_weights", "vocabulary", "vocabulary_size");
        List<String> stringLookup = new ArrayList<>(lookup);
        stringLookup.add("encoding");
        c.add(new Case(new StringLookup().vocabulary(List.of("a", "b")), shape(3), stringLookup));
        List<String> integerLookup = new ArrayList<>(lookup);
        integerLookup.add(integerLookup.indexOf("idf_weights"), "vocabulary_dtype");
        c.add(new Case(new IntegerLookup().vocabulary(4, 5), shape(3), integerLookup));
        c.add(new Case(new TextVectorization().outputSequenceLength(5), shape(1), List.of("max_tokens", "standardize", "split",
                "ngrams", "output_mode", "output_sequence_length", "pad_to_max_tokens", "sparse", "ragged", "vocabulary",
                "idf_weights", "encoding", "vocabulary_size")));
        c.add(new Case(new CategoryEncoding(3).outputMode("count"), shape(2), List.of("num_tokens", "output_mode")));
        c.add(new Case(new Hashing(3).salt(1, 2), shape(2), List.of("num_bins", "salt", "mask_value", "output_mode", "sparse")));
        // Discretization's own get_config: no trainable, name and dtype last
        c.add(new Case(new Discretization().binBoundaries(0, 1), shape(2), List.of("bin_boundaries", "num_bins", "epsilon",
                "output_mode", "sparse", "name", "dtype")));
        // #19 conv
        List<String> transpose = List.of("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
                "activity_regularizer", "kernel_constraint", "bias_constraint");
        c.add(new Case(new Conv1DTranspose(2, 3).strides(2), shape(5, 3), transpose));
        c.add(new Case(new Conv2DTranspose(2, 3).padding("same"), shape(4, 4, 3), transpose));
        List<String> depthwise = List.of("depth_multiplier", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                "activation", "use_bias", "depthwise_initializer", "bias_initializer", "depthwise_regularizer", "bias_regularizer",
                "activity_regularizer", "depthwise_constraint", "bias_constraint");
        c.add(new Case(new DepthwiseConv1D(3), shape(6, 2), depthwise));
        c.add(new Case(new DepthwiseConv2D(3).depthMultiplier(2), shape(5, 5, 2), depthwise));
        List<String> separable = List.of("depth_multiplier", "filters", "kernel_size", "strides", "padding", "data_format",
                "dilation_rate", "activation", "use_bias", "depthwise_initializer", "pointwise_initializer", "bias_initializer",
                "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
                "depthwise_constraint", "pointwise_constraint", "bias_constraint");
        c.add(new Case(new SeparableConv1D(4, 3), shape(6, 2), separable));
        c.add(new Case(new SeparableConv2D(4, 3), shape(5, 5, 2), separable));
        c.add(new Case(new UpSampling1D(), shape(3, 2), List.of("size")));
        c.add(new Case(new UpSampling2D(), shape(3, 3, 2), List.of("size", "data_format", "interpolation")));
        c.add(new Case(new ZeroPadding1D(), shape(3, 2), List.of("padding")));
        c.add(new Case(new ZeroPadding2D(), shape(3, 3, 2), List.of("padding", "data_format")));
        c.add(new Case(new Cropping1D(), shape(3, 2), List.of("cropping")));
        c.add(new Case(new Cropping2D(1), shape(3, 3, 2), List.of("cropping", "data_format")));
        c.add(new Case(new ReLU(), shape(4), List.of("max_value", "negative_slope", "threshold")));
        c.add(new Case(new LeakyReLU(), shape(4), List.of("negative_slope")));
        c.add(new Case(new PReLU(), shape(4), List.of("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes")));
        c.add(new Case(new ELU(), shape(4), List.of("alpha")));
        c.add(new Case(new Softmax(), shape(4), List.of("axis")));
        // Keras's spatial dropouts write only these (no trainable), and dtype as a string
        c.add(new Case(new SpatialDropout1D(0.2), shape(3, 2), List.of("rate", "seed", "name", "dtype")));
        c.add(new Case(new SpatialDropout2D(0.2), shape(3, 3, 2), List.of("rate", "seed", "name", "dtype", "data_format")));
        c.add(new Case(new GaussianNoise(0.1), shape(4), List.of("stddev", "seed")));
        c.add(new Case(new GaussianDropout(0.1), shape(4), List.of("rate", "seed")));
        c.add(new Case(new ActivityRegularization(0.1, 0), shape(4), List.of("l1", "l2")));
        c.add(new Case(new UnitNormalization(), shape(4), List.of("axis")));
        c.add(new Case(new GroupNormalization().groups(2), shape(3, 4), List.of("groups", "axis", "epsilon", "center", "scale",
                "beta_initializer", "gamma_initializer", "beta_regularizer", "gamma_regularizer", "beta_constraint",
                "gamma_constraint")));
        c.add(new Case(new Subtract(), List.of(shape(3), shape(3)), List.of()));
        c.add(new Case(new Average(), List.of(shape(3), shape(3)), List.of()));
        c.add(new Case(new Maximum(), List.of(shape(3), shape(3)), List.of()));
        c.add(new Case(new Minimum(), List.of(shape(3), shape(3)), List.of()));
        c.add(new Case(new Dot(1), List.of(shape(3), shape(3)), List.of("axes", "normalize")));

        // #19 sequence
        List<String> rnn = List.of("return_sequences", "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask");
        List<String> rest = List.of("kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
                "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
                "bias_constraint", "dropout", "recurrent_dropout");
        c.add(new Case(new Masking(-1), shape(5, 3), List.of("mask_value")));
        c.add(new Case(new SimpleRNN(3), shape(5, 2), cat(rnn, List.of("units", "activation", "use_bias"), rest)));
        c.add(new Case(new GRU(3).returnSequences(true), shape(5, 2), cat(rnn, List.of("units", "activation",
                "recurrent_activation", "use_bias"), rest, List.of("reset_after", "seed"))));
        List<String> cellRest = new ArrayList<>(rest);
        cellRest.remove("activity_regularizer");
        c.add(new Case(new SimpleRNNCell(3), shape(2), cat(List.of("units", "activation", "use_bias"), cellRest, List.of("seed"))));
        c.add(new Case(new GRUCell(3).resetAfter(false), shape(2), cat(List.of("units", "activation", "recurrent_activation",
                "use_bias"), cellRest, List.of("reset_after", "seed"))));
        c.add(new Case(new Bidirectional(new LSTM(2)), shape(5, 3), List.of("merge_mode", "layer", "backward_layer")));
        c.add(new Case(new TimeDistributed(new Dense(2)), shape(5, 3), List.of("layer")));
        c.add(new Case(new MultiHeadAttention(2, 3), List.of(shape(4, 5), shape(6, 5)), List.of("num_heads", "key_dim", "value_dim",
                "dropout", "use_bias", "use_gate", "output_shape", "attention_axes", "sliding_window", "kernel_initializer",
                "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                "bias_constraint", "seed")));
        c.add(new Case(new Attention().useScale(true), List.of(shape(4, 5), shape(6, 5)), List.of("use_scale", "score_mode", "dropout",
                "seed")));
        c.add(new Case(new AdditiveAttention(), List.of(shape(4, 5), shape(6, 5)), List.of("use_scale", "dropout", "seed")));
        return c;
    }

    @SafeVarargs
    private static List<String> cat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) out.addAll(p);
        return out;
    }

    private static List<Object> shape(int... sample) {
        List<Object> out = new ArrayList<>();
        out.add(null);
        for (int d : sample) out.add(d == Layer.NONE ? null : d);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> viaJson(Map<String, Object> object) throws Exception {
        return JSON.readValue(JSON.writeValueAsString(object), Map.class);
    }

    /** Aliases and models, whose classes are covered elsewhere (ModelConfigTest for the models). */
    static final List<String> NOT_CLASSES = List.of("Convolution1D", "Convolution2D", "MaxPool1D", "MaxPool2D", "AvgPool1D",
            "AvgPool2D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D", "InputLayer", "Sequential",
            "Functional", "Model",
            // #19 conv
            "Convolution1DTranspose", "Convolution2DTranspose", "SeparableConvolution1D", "SeparableConvolution2D");

    @Test
    void everyBuiltinLayerIsCovered() {
        TreeSet<String> covered = new TreeSet<>(NOT_CLASSES);
        for (Case c : cases()) covered.add(c.layer().getClass().getSimpleName());
        TreeSet<String> missing = new TreeSet<>(Layers.names());
        missing.removeAll(covered);
        // user classes that other tests in this JVM registered under Keras's "package>Name" form
        missing.removeIf(n -> n.contains(">"));
        assertThat(missing).as("built-in layers without a config case here").isEmpty();
    }

    @Test
    void keysAreKeras3sAndRoundTripThroughJson() throws Exception {
        for (Case c : cases()) {
            Layer layer = c.layer();
            build(layer, c.inputShape());
            Map<String, Object> object = viaJson(Layers.serialize(layer));
            String what = layer.getClass().getSimpleName();
            // Keras builds weightless layers such as Dropout and the poolings when it makes them: no build_config
            boolean builtAtInit = BUILT_AT_INIT.contains(what);
            assertThat(new ArrayList<>(object.keySet())).as(what).containsExactlyElementsOf(builtAtInit
                    ? List.of("module", "class_name", "config", "registered_name")
                    : List.of("module", "class_name", "config", "registered_name", "build_config"));
            assertThat(object).as(what).containsEntry("module", "keras.layers").containsEntry("class_name", what)
                    .containsEntry("registered_name", null);
            if (!builtAtInit) assertThat(object.get("build_config")).as(what).isEqualTo(Map.of("input_shape", c.inputShape()));
            // a case that lists the base keys itself gives the whole order (a get_config that does not start from the base's)
            List<String> keys = new ArrayList<>(c.keys().contains("name") ? List.of() : BASE);
            keys.addAll(c.keys());
            assertThat(new ArrayList<Object>(((Map<?, ?>) object.get("config")).keySet())).as(what).containsExactlyElementsOf(keys);

            Layer back = Layers.deserialize(object);
            assertThat(back).as(what).isInstanceOf(layer.getClass()).isNotSameAs(layer);
            assertThat(viaJson(Layers.serialize(back))).as(what).isEqualTo(object);
            if (!builtAtInit) assertThat(back.built()).as(what + " is built from its build_config").isTrue();
            assertThat(back.countParams()).as(what).isEqualTo(layer.countParams());
        }
    }

    @SuppressWarnings("unchecked")
    private static void build(Layer layer, Object inputShape) {
        List<?> s = (List<?>) inputShape;
        if (!s.isEmpty() && s.get(0) instanceof List) {
            List<int[]> shapes = new ArrayList<>();
            for (Object o : s) shapes.add(LayerArgs.shapeFromJson("shape", o));
            layer.ensureBuilt(shapes, true);
        } else {
            layer.buildFor(LayerArgs.shapeFromJson("shape", s));
        }
    }

    @Test
    void inputLayerReadsEveryKerasForm() throws Exception {
        InputLayer keras3 = (InputLayer) Layers.deserialize(object("InputLayer",
                Map.of("batch_shape", shape(28, 28, 1), "dtype", "float32", "sparse", false, "ragged", false,
                        "name", "input_layer", "optional", false)));
        assertThat(keras3.batchShape()).containsExactly(Layer.NONE, 28, 28, 1);
        InputLayer tf2 = (InputLayer) Layers.deserialize(object("InputLayer",
                Map.of("batch_input_shape", List.of(64, 200), "dtype", "int32", "sparse", false, "name", "ids")));
        assertThat(tf2.batchShape()).containsExactly(64, 200);
        assertThat(tf2.getConfig()).containsEntry("dtype", "int32").containsEntry("name", "ids");
        assertThat(tf2.getConfig().get("batch_shape")).isEqualTo(List.of(64, 200));
        assertThatThrownBy(() -> Layers.deserialize(object("InputLayer", Map.of("batch_shape", shape(3), "sparse", true))))
                .hasMessageContaining("sparse=true is not supported");
        assertThatThrownBy(() -> Layers.deserialize(object("InputLayer", Map.of("batch_shape", shape(3), "optional", true))))
                .hasMessageContaining("optional=true is not supported");
        assertThatThrownBy(() -> Layers.deserialize(object("InputLayer", Map.of("batch_shape", List.of("a")))))
                .hasMessageContaining("batch_shape must be a list of non-negative integers or nulls");
        assertThatThrownBy(() -> Layers.deserialize(object("InputLayer", Map.of("batch_shape", shape(3), "dtype", "string"))))
                .hasMessageContaining("InputLayer dtype");
    }

    @Test
    void dtypeStringsAndPolicyObjectsAreRead() {
        Map<String, Object> policy = new LinkedHashMap<>(Layer.dtypePolicy());
        policy.put("shared_object_id", 135862367191216L);
        for (Object dtype : List.of("float32", Layer.dtypePolicy(), policy)) {
            Layer d = Layers.deserialize(object("Dense", Map.of("units", 2, "dtype", dtype)));
            assertThat(d.getConfig().get("dtype")).isEqualTo(Layer.dtypePolicy());
        }
        Map<String, Object> mixed = new HashMap<>(Layer.dtypePolicy());
        mixed.put("config", Map.of("name", "mixed_float16"));
        assertThatThrownBy(() -> Layers.deserialize(object("Dense", Map.of("units", 2, "dtype", mixed))))
                .hasMessageContaining("Dense: dtype must be 'float32' or DTypePolicy('float32')");
        assertThatThrownBy(() -> Layers.deserialize(object("Dense", Map.of("units", 2, "dtype", "float16"))))
                .hasMessageContaining("got float16");
    }

    @Test
    void keysOtherKerasVersionsAddAreReadOrRefused() {
        Map<String, Object> c = new HashMap<>(Map.of("units", 2, "lora_alpha", 4, "batch_input_shape", shape(5)));
        c.put("quantization_config", null);
        c.put("lora_rank", null);
        assertThat(Layers.deserialize(object("Dense", c))).isInstanceOf(Dense.class);
        assertThatThrownBy(() -> Layers.deserialize(object("Dense", Map.of("units", 2, "lora_rank", 4))))
                .hasMessageContaining("lora_rank must be null");
        assertThatThrownBy(() -> Layers.deserialize(object("Dense", Map.of("units", 2, "quantization_config", Map.of("mode", "int8")))))
                .hasMessageContaining("quantization_config must be null");
        assertThatThrownBy(() -> Layers.deserialize(object("Dense", Map.of("units", 2, "unitz", 3))))
                .hasMessageContaining("unknown config key [unitz]");
    }

    @Test
    void buildConfigBuildsAtOnceAndBadShapesFail() {
        Map<String, Object> o = object("Dense", Map.of("units", 2));
        o.put("build_config", Map.of("input_shape", shape(5)));
        Layer d = Layers.deserialize(o);
        assertThat(d.built()).isTrue();
        assertThat(d.countParams()).isEqualTo(12);
        o.put("build_config", Map.of("input_shape", List.of("x")));
        assertThatThrownBy(() -> Layers.deserialize(o)).hasMessageContaining("build_config input_shape");
    }

    static Map<String, Object> object(String className, Map<String, Object> config) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("module", "keras.layers");
        o.put("class_name", className);
        o.put("config", config);
        o.put("registered_name", null);
        return o;
    }
}
