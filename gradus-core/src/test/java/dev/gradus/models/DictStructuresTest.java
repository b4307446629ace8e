package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.Gradus;
import dev.gradus.callbacks.History;
import dev.gradus.data.Batch;
import dev.gradus.data.Dataset;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.initializers.Orthogonal;
import dev.gradus.layers.Concatenate;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Embedding;
import dev.gradus.layers.Input;
import dev.gradus.layers.KerasTensor;
import dev.gradus.layers.LSTM;
import dev.gradus.layers.Layer;
import dev.gradus.losses.BinaryCrossentropy;
import dev.gradus.losses.CategoricalCrossentropy;
import dev.gradus.optimizers.RMSprop;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.CompileOptions;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.training.PredictOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dict-structured inputs, outputs and data (issue #19): the functional API guide's "multi-input and
 * multi-output models" example (title, body, tags -> priority, department), with generated data, on a
 * smaller scale. Maps keyed by input and output names must give exactly the numbers of the positional
 * lists in the model's order.
 */
class DictStructuresTest {
    static final int NUM_TAGS = 12, NUM_WORDS = 40, NUM_DEPARTMENTS = 4, N = 40;

    /** The guide's model: inputs as a list, outputs as a dict. Seeded initializers, so two builds are the same model. */
    static Model guideModel() {
        KerasTensor titleInput = Input.of("title", Layer.NONE);
        KerasTensor bodyInput = Input.of("body", Layer.NONE);
        KerasTensor tagsInput = Input.of("tags", NUM_TAGS);
        KerasTensor titleFeatures = new Embedding(NUM_WORDS, 8).apply(titleInput);
        KerasTensor bodyFeatures = new Embedding(NUM_WORDS, 8).apply(bodyInput);
        titleFeatures = new LSTM(8).kernelInitializer(new GlorotUniform().seed(1))
                .recurrentInitializer(new Orthogonal().seed(2)).apply(titleFeatures);
        bodyFeatures = new LSTM(4).kernelInitializer(new GlorotUniform().seed(3))
                .recurrentInitializer(new Orthogonal().seed(4)).apply(bodyFeatures);
        KerasTensor x = new Concatenate().applySymbolic(List.of(titleFeatures, bodyFeatures, tagsInput));
        KerasTensor priority = new Dense(1).kernelInitializer(new GlorotUniform().seed(5)).name("priority").apply(x);
        KerasTensor department = new Dense(NUM_DEPARTMENTS).kernelInitializer(new GlorotUniform().seed(6)).name("department").apply(x);
        return Model.of(List.of(titleInput, bodyInput, tagsInput), Map.of("priority", priority, "department", department));
    }

    static Model compiledGuideModel() {
        Gradus.setRandomSeed(19); // the embeddings' default initializers
        Model m = guideModel();
        m.compile(new CompileOptions().optimizer(new RMSprop(1e-3))
                .loss(Map.of("priority", new BinaryCrossentropy().fromLogits(true),
                        "department", new CategoricalCrossentropy().fromLogits(true)))
                .lossWeights(Map.of("priority", 1.0, "department", 0.2)));
        return m;
    }

    static Tensor ints(Random r, int bound, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextInt(bound);
        return Tensor.of(v, shape);
    }

    /** {title, body, tags} and {priority, department}, as the guide's dummy data. */
    static Map<String, Tensor> x(Random r) {
        Map<String, Tensor> x = new LinkedHashMap<>();
        x.put("title", ints(r, NUM_WORDS, N, 5));
        x.put("body", ints(r, NUM_WORDS, N, 9));
        x.put("tags", ints(r, 2, N, NUM_TAGS));
        return x;
    }

    static Map<String, Tensor> y(Random r) {
        float[] p = new float[N];
        for (int i = 0; i < N; i++) p[i] = r.nextFloat();
        Map<String, Tensor> y = new LinkedHashMap<>();
        y.put("priority", Tensor.of(p, N, 1));
        y.put("department", ints(r, 2, N, NUM_DEPARTMENTS));
        return y;
    }

    static List<float[]> weights(Model m) {
        List<float[]> out = new ArrayList<>();
        for (Tensor t : m.getWeights()) out.add(t.toFloatArray());
        return out;
    }

    static void assertSameWeights(Model a, Model b) {
        List<float[]> wa = weights(a), wb = weights(b);
        assertThat(wb).hasSameSizeAs(wa);
        for (int i = 0; i < wa.size(); i++) assertThat(wb.get(i)).as("weight " + i).isEqualTo(wa.get(i));
    }

    @Test
    void theGuidesModelHasNamedInputsAndOutputsInKerasOrder() {
        Model m = guideModel();
        assertThat(m.inputNames()).containsExactly("title", "body", "tags");
        // a dict of outputs is flattened in sorted key order, as Keras's tree.flatten
        assertThat(m.outputNames()).containsExactly("department", "priority");
        assertThat(((Functional) m).outputKeys()).containsExactly("department", "priority");
        assertThat(((Functional) m).inputKeys()).isNull();
        assertThat(m.summary()).contains("title (InputLayer)").contains("priority (Dense)");
    }

    @Test
    void fitWithMapsGivesExactlyTheNumbersOfThePositionalLists() {
        Random r = new Random(42);
        Map<String, Tensor> x = x(r), y = y(r);
        FitOptions opts = new FitOptions().epochs(2).batchSize(16).verbose(0).seed(3);

        Model byName = compiledGuideModel();
        History h1 = byName.fit(x, y, opts);
        Model byPosition = compiledGuideModel();
        // positional: inputs in list order, outputs in flat order (department, priority)
        History h2 = byPosition.fit(List.of(x.get("title"), x.get("body"), x.get("tags")),
                List.of(y.get("department"), y.get("priority")), opts);

        assertThat(h1.history()).isEqualTo(h2.history());
        assertSameWeights(byName, byPosition);
        assertThat(h1.history().keySet()).containsExactlyInAnyOrder("loss", "department_loss", "priority_loss");
        // loss_weights keyed by output name: loss = priority_loss + 0.2 * department_loss (epoch means of batch values)
        for (int e = 0; e < 2; e++)
            assertThat(h1.get("loss").get(e)).isCloseTo(h1.get("priority_loss").get(e) + 0.2 * h1.get("department_loss").get(e),
                    within(1e-5));

        // validation_data as maps: the same val_ numbers as positional validation data
        Model v1 = compiledGuideModel(), v2 = compiledGuideModel();
        History hv1 = v1.fit(x, y, new FitOptions().epochs(1).batchSize(16).verbose(0).validationData(x, y));
        History hv2 = v2.fit(x, y, new FitOptions().epochs(1).batchSize(16).verbose(0).validationData(
                List.of(x.get("title"), x.get("body"), x.get("tags")), List.of(y.get("department"), y.get("priority")), null));
        assertThat(hv1.history()).isEqualTo(hv2.history()).containsKey("val_priority_loss");

        Map<String, Double> ev1 = byName.evaluate(x, y, new EvaluateOptions().verbose(0));
        Map<String, Double> ev2 = byPosition.evaluate(List.of(x.get("title"), x.get("body"), x.get("tags")),
                List.of(y.get("department"), y.get("priority")), new EvaluateOptions().verbose(0));
        assertThat(ev1).isEqualTo(ev2);

        // predict: outputs keyed by name, the same tensors as the positional outputs
        Map<String, Tensor> p = byName.predictMap(x, new PredictOptions().verbose(0));
        List<Tensor> q = byPosition.predictAll(List.of(x.get("title"), x.get("body"), x.get("tags")), new PredictOptions().verbose(0));
        assertThat(p.keySet()).containsExactly("department", "priority");
        assertThat(p.get("department").shape().dims()).containsExactly(N, NUM_DEPARTMENTS);
        assertThat(p.get("priority").shape().dims()).containsExactly(N, 1);
        assertThat(p.get("department").toFloatArray()).isEqualTo(q.get(0).toFloatArray());
        assertThat(p.get("priority").toFloatArray()).isEqualTo(q.get(1).toFloatArray());
        // the model called on a map: outputs keyed by name
        Map<String, Tensor> called = byName.apply(x, false);
        assertThat(called.get("priority").toFloatArray()).isEqualTo(p.get("priority").toFloatArray());
    }

    @Test
    void trainOnBatchAndTestOnBatchTakeMaps() {
        Random r = new Random(5);
        Map<String, Tensor> x = x(r), y = y(r);
        Model a = compiledGuideModel(), b = compiledGuideModel();
        Map<String, Double> la = a.trainOnBatch(x, y);
        Map<String, Double> lb = b.trainOnBatch(List.of(x.get("title"), x.get("body"), x.get("tags")),
                List.of(y.get("department"), y.get("priority")), null, null);
        assertThat(la).isEqualTo(lb);
        assertSameWeights(a, b);
        assertThat(a.testOnBatch(x, y)).isEqualTo(b.testOnBatch(List.of(x.get("title"), x.get("body"), x.get("tags")),
                List.of(y.get("department"), y.get("priority")), null));
    }

    @Test
    void aDatasetOfDictElementsTrainsAsTheArrays() {
        Random r = new Random(8);
        Map<String, Tensor> x = x(r), y = y(r);
        Model byDataset = compiledGuideModel();
        History h1 = byDataset.fit(Dataset.fromTensors(x, y).batch(16), new FitOptions().epochs(2).verbose(0));
        Model byPosition = compiledGuideModel();
        History h2 = byPosition.fit(Dataset.fromTensors(List.of(x.get("title"), x.get("body"), x.get("tags")),
                List.of(y.get("department"), y.get("priority")), null).batch(16), new FitOptions().epochs(2).verbose(0));
        assertThat(h1.history()).isEqualTo(h2.history());
        assertSameWeights(byDataset, byPosition);
        Model byArrays = compiledGuideModel();
        byArrays.fit(x, y, new FitOptions().epochs(2).batchSize(16).shuffle(false).verbose(0));
        // a dataset's gathered rows and the arrays' row slices agree to the last bit or two (not a structure matter)
        List<float[]> wd = weights(byDataset), wa = weights(byArrays);
        for (int i = 0; i < wd.size(); i++)
            for (int k = 0; k < wd.get(i).length; k++) assertThat(wd.get(i)[k]).isCloseTo(wa.get(i)[k], within(1e-5f));

        // the batches keep their names, and predict on a dataset of dicts keys its outputs
        Batch first = Dataset.fromTensors(x, y).batch(16).iterator().next();
        assertThat(first.inputNames()).containsExactly("body", "tags", "title");
        assertThat(first.input("tags").shape().dims()).containsExactly(16, NUM_TAGS);
        assertThat(first.target("priority").shape().dims()).containsExactly(16, 1);
        Map<String, Tensor> p = byDataset.predictMap(Dataset.fromTensors(x).batch(16), new PredictOptions().verbose(0));
        assertThat(p.get("department").toFloatArray())
                .isEqualTo(byPosition.predictMap(x, new PredictOptions().batchSize(16).verbose(0)).get("department").toFloatArray());
        assertThat(byDataset.evaluate(Dataset.fromTensors(x, y).batch(16), new EvaluateOptions().verbose(0)))
                .isEqualTo(byPosition.evaluate(x, y, new EvaluateOptions().batchSize(16).verbose(0)));
    }

    @Test
    void extraInputKeysAreIgnoredAsKerasIgnoresThem() {
        Random r = new Random(9);
        Map<String, Tensor> x = x(r);
        Map<String, Tensor> withExtra = new LinkedHashMap<>(x);
        withExtra.put("id", Tensor.zeros(N, 1));
        Model m = compiledGuideModel();
        assertThat(m.predictAll(withExtra, new PredictOptions().verbose(0)).get(0).toFloatArray())
                .isEqualTo(m.predictAll(x, new PredictOptions().verbose(0)).get(0).toFloatArray());
    }

    @Test
    void missingAndUnexpectedKeysAreNamed() {
        Random r = new Random(1);
        Map<String, Tensor> x = x(r), y = y(r);
        Model m = compiledGuideModel();
        Map<String, Tensor> noTags = new LinkedHashMap<>(x);
        noTags.remove("tags");
        assertThatThrownBy(() -> m.fit(noTags, y, new FitOptions().verbose(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`x`").hasMessageContaining("missing [tags]")
                .hasMessageContaining("expected keys [title, body, tags]");
        Map<String, Tensor> misnamed = new LinkedHashMap<>(y);
        misnamed.put("dept", misnamed.remove("department"));
        assertThatThrownBy(() -> m.fit(x, misnamed, new FitOptions().verbose(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`y`").hasMessageContaining("missing [department]")
                .hasMessageContaining("unexpected [dept]");
        // the same rule for a dataset's elements
        assertThatThrownBy(() -> m.fit(Dataset.fromTensors(noTags, y).batch(8), new FitOptions().verbose(0)))
                .hasMessageContaining("missing [tags]");
        // a loss keyed by a name that is not an output
        Model other = guideModel();
        other.compile(new CompileOptions().optimizer("sgd").loss(Map.of("priority", "mse", "dept", "mse")));
        assertThatThrownBy(() -> other.fit(x, y, new FitOptions().verbose(0)))
                .hasMessageContaining("'dept'").hasMessageContaining("[department, priority]");
        // a subclassed model has no input names: named data is refused with the reason
        Model sub = new Model() {
            final Dense d = new Dense(1);

            @Override
            public Tensor call(Tensor inputs, boolean training) {
                return d.apply(inputs, training);
            }
        };
        sub.compile("sgd", "mse");
        assertThatThrownBy(() -> sub.fit(Map.of("a", Tensor.zeros(2, 1)), Map.of(sub.name(), Tensor.zeros(2, 1)),
                new FitOptions().verbose(0))).hasMessageContaining("inputs have no names");
    }

    @Test
    void dictInputsAndOutputsRoundTripThroughConfigAndKerasFiles(@TempDir Path dir) {
        KerasTensor a = Input.of("a", 3), b = Input.of("b", 2);
        KerasTensor joined = new Concatenate().applySymbolic(List.of(a, b));
        KerasTensor out1 = new Dense(2).name("out1").apply(joined);
        KerasTensor out2 = new Dense(1).name("out2").apply(joined);
        // insertion order b, a: flattened sorted, as Keras
        Map<String, KerasTensor> ins = new LinkedHashMap<>();
        ins.put("b", b);
        ins.put("a", a);
        Model m = Model.of(ins, Map.of("out2", out2, "out1", out1));
        assertThat(m.inputNames()).containsExactly("a", "b");
        assertThat(m.outputNames()).containsExactly("out1", "out2");

        Map<String, Object> config = m.getConfig();
        assertThat(config.get("input_layers")).isEqualTo(Map.of("a", List.of("a", 0, 0), "b", List.of("b", 0, 0)));
        assertThat(config.get("output_layers")).isEqualTo(Map.of("out1", List.of("out1", 0, 0), "out2", List.of("out2", 0, 0)));
        Functional back = Functional.fromConfig(config);
        assertThat(back.inputKeys()).containsExactly("a", "b");
        assertThat(back.outputKeys()).containsExactly("out1", "out2");

        Map<String, Tensor> x = Map.of("a", Tensor.randomUniform(1, 4, 3), "b", Tensor.randomUniform(2, 4, 2));
        m.compile(new CompileOptions().optimizer("sgd").loss(Map.of("out1", "mse", "out2", "mae")));
        m.fit(x, Map.of("out1", Tensor.ones(4, 2), "out2", Tensor.zeros(4, 1)), new FitOptions().epochs(1).verbose(0));
        Path file = dir.resolve("dict.keras");
        m.save(file);
        Model loaded = Models.load(file);
        assertThat(loaded.inputNames()).containsExactly("a", "b");
        Map<String, Tensor> p = m.predictMap(x, new PredictOptions().verbose(0));
        Map<String, Tensor> q = loaded.predictMap(x, new PredictOptions().verbose(0));
        assertThat(q.keySet()).containsExactly("out1", "out2");
        assertThat(q.get("out1").toFloatArray()).isEqualTo(p.get("out1").toFloatArray());
        assertThat(q.get("out2").toFloatArray()).isEqualTo(p.get("out2").toFloatArray());
    }

    /**
     * The "training and evaluation with built-in methods" guide's multi-input, multi-output model
     * (image + timeseries -> score_output, class_output), smaller: losses, metrics and loss weights
     * keyed by output name, and Keras's history keys for them.
     */
    @Test
    void theBuiltInMethodsGuidesMetricsKeyedByOutputName() {
        KerasTensor imageInput = Input.of("img_input", 8, 8, 1);
        KerasTensor timeseriesInput = Input.of("ts_input", Layer.NONE, 3);
        KerasTensor x1 = new dev.gradus.layers.Conv2D(3, 3, 3).kernelInitializer(new GlorotUniform().seed(1)).apply(imageInput);
        x1 = new dev.gradus.layers.GlobalMaxPooling2D().apply(x1);
        KerasTensor x2 = new dev.gradus.layers.Conv1D(3, 3).kernelInitializer(new GlorotUniform().seed(2)).apply(timeseriesInput);
        x2 = new dev.gradus.layers.GlobalMaxPooling1D().apply(x2);
        KerasTensor x = new Concatenate().applySymbolic(List.of(x1, x2));
        KerasTensor scoreOutput = new Dense(1).kernelInitializer(new GlorotUniform().seed(3)).name("score_output").apply(x);
        KerasTensor classOutput = new Dense(5).kernelInitializer(new GlorotUniform().seed(4)).name("class_output").apply(x);
        Model model = Model.of(List.of(imageInput, timeseriesInput), List.of(scoreOutput, classOutput));
        model.compile(new CompileOptions().optimizer(new RMSprop(1e-3))
                .loss(Map.of("score_output", new dev.gradus.losses.MeanSquaredError(),
                        "class_output", new CategoricalCrossentropy()))
                .metrics(Map.of("score_output", List.of(new dev.gradus.metrics.MeanAbsolutePercentageError(),
                                new dev.gradus.metrics.MeanAbsoluteError()),
                        "class_output", List.of(new dev.gradus.metrics.CategoricalAccuracy())))
                .lossWeights(Map.of("score_output", 2.0, "class_output", 1.0)));
        Random r = new Random(3);
        int n = 24;
        Map<String, Tensor> xs = Map.of("img_input", Tensor.randomUniform(5, n, 8, 8, 1), "ts_input", Tensor.randomUniform(6, n, 6, 3));
        float[] classes = new float[n * 5];
        for (int i = 0; i < n; i++) classes[i * 5 + r.nextInt(5)] = 1;
        Map<String, Tensor> ys = Map.of("score_output", Tensor.randomUniform(7, n, 1), "class_output", Tensor.of(classes, n, 5));
        History h = model.fit(Dataset.fromTensors(xs, ys).shuffle(1024, 1).batch(8), new FitOptions().epochs(1).verbose(0));
        // Keras's keys for this compile
        assertThat(h.history().keySet()).containsExactlyInAnyOrder("loss", "score_output_loss", "class_output_loss",
                "score_output_mean_absolute_percentage_error", "score_output_mean_absolute_error",
                "class_output_categorical_accuracy");
        assertThat(h.get("loss").get(0)).isCloseTo(2 * h.get("score_output_loss").get(0) + h.get("class_output_loss").get(0),
                within(1e-5));
    }

    /** The structured-data example's shape: one input per feature, a dataset of (dict of features, labels). */
    @Test
    void featureDictsWithOneLabelArray() {
        String[] features = {"age", "chol", "sex", "thal"};
        List<KerasTensor> inputs = new ArrayList<>();
        for (String f : features) inputs.add(Input.of(f, 1));
        KerasTensor all = new Concatenate().applySymbolic(inputs);
        KerasTensor hidden = new Dense(4).activation("relu").kernelInitializer(new GlorotUniform().seed(1)).apply(all);
        KerasTensor out = new Dense(1).activation("sigmoid").kernelInitializer(new GlorotUniform().seed(2)).apply(hidden);
        Map<String, Tensor> x = new LinkedHashMap<>();
        for (int i = 0; i < features.length; i++) x.put(features[i], Tensor.randomUniform(10 + i, 30, 1));
        Tensor y = Tensor.of(new float[30], 30, 1);
        List<Tensor> positional = new ArrayList<>();
        for (String f : features) positional.add(x.get(f));

        Model byName = Model.of(inputs, List.of(out));
        List<Tensor> initial = byName.getWeights();
        byName.compile("adam", "binary_crossentropy", List.of("accuracy"));
        History h1 = byName.fit(Dataset.fromTensors(x, y).batch(8), new FitOptions().epochs(2).verbose(0));
        List<Tensor> afterDataset = byName.getWeights();
        byName.setWeights(initial);
        byName.compile("adam", "binary_crossentropy", List.of("accuracy"));
        History h2 = byName.fit(Dataset.fromTensors(positional, List.of(y), null).batch(8), new FitOptions().epochs(2).verbose(0));
        assertThat(h1.history()).isEqualTo(h2.history());
        for (int i = 0; i < afterDataset.size(); i++)
            assertThat(byName.getWeights().get(i).toFloatArray()).isEqualTo(afterDataset.get(i).toFloatArray());
        assertThat(byName.evaluate(x, y, new EvaluateOptions().verbose(0)))
                .isEqualTo(byName.evaluate(positional, List.of(y), new EvaluateOptions().verbose(0)));
        assertThat(byName.fit(x, y, new FitOptions().verbose(0)).history()).containsKeys("loss", "accuracy");

        // the example's own form: keras.Model(all_inputs_dict, output)
        Map<String, KerasTensor> allInputs = new LinkedHashMap<>();
        for (KerasTensor t : inputs) allInputs.put(t.name(), t);
        Model dictModel = Model.of(allInputs, out);
        assertThat(dictModel.inputNames()).containsExactly("age", "chol", "sex", "thal");
        assertThat(dictModel.predictAll(x, new PredictOptions().verbose(0)).get(0).toFloatArray())
                .isEqualTo(byName.predictAll(x, new PredictOptions().verbose(0)).get(0).toFloatArray());
        Model oneInMapOut = Model.of(inputs.get(0), Map.of("score", new Dense(1).apply(inputs.get(0))));
        assertThat(oneInMapOut.outputNames()).containsExactly("score");
    }

    @Test
    void aMapKeyThatIsNotItsInputsNameGetsKerasWarning() {
        KerasTensor a = Input.of("a", 2);
        KerasTensor out = new Dense(1).apply(a);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        Model m;
        try {
            m = Model.of(Map.of("features", a), List.of(out));
        } finally {
            System.setErr(old);
        }
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("When providing `inputs` as a dict, all keys in the dict must match the names of the corresponding tensors")
                .contains("Received key 'features'").contains("which has name 'a'");
        // the key is what names the input in data
        assertThat(m.inputNames()).containsExactly("features");
        assertThat(m.predictAll(Map.of("features", Tensor.ones(1, 2)), new PredictOptions().verbose(0))).hasSize(1);
    }

    @Test
    void keras3ConfigWithDictInputLayersLoads() {
        // the JSON form Keras 3 writes for keras.Model({"x": x}, {"y": y}) (inputs and outputs as dicts)
        String json = """
                {"name": "functional", "trainable": true, "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 2], "dtype": "float32",
                   "sparse": false, "ragged": false, "name": "x", "optional": false}, "registered_name": null, "name": "x",
                   "inbound_nodes": []},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "y", "trainable": true, "dtype": "float32",
                   "units": 1, "activation": "linear", "use_bias": true,
                   "kernel_initializer": {"module": "keras.initializers", "class_name": "Ones", "config": {}, "registered_name": null},
                   "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
                   "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null},
                   "registered_name": null, "build_config": {"input_shape": [null, 2]}, "name": "y",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 2], "dtype": "float32",
                     "keras_history": ["x", 0, 0]}}], "kwargs": {}}]}],
                 "input_layers": {"x": ["x", 0, 0]}, "output_layers": {"y": ["y", 0, 0]}}
                """;
        Map<String, Object> config = dev.gradus.util.Json.parseObject(json, "config");
        Model m = Model.fromConfig(config);
        Map<String, Tensor> out = m.apply(Map.of("x", Tensor.of(new float[] {1, 2}, 1, 2)), false);
        assertThat(out.keySet()).containsExactly("y");
        assertThat(out.get("y").toFloatArray()).containsExactly(3f);
    }
}
