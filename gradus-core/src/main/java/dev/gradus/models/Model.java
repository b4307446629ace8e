package dev.gradus.models;

import dev.gradus.autodiff.Variable;
import dev.gradus.callbacks.History;
import dev.gradus.layers.KerasTensor;
import dev.gradus.layers.Layer;
import dev.gradus.losses.Loss;
import dev.gradus.losses.LossFunction;
import dev.gradus.metrics.Metric;
import dev.gradus.optimizers.Optimizer;
import dev.gradus.saving.Saving;
import dev.gradus.tensor.Tensor;
import dev.gradus.data.Batch;
import dev.gradus.data.Dataset;
import dev.gradus.training.CompileOptions;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.training.PredictOptions;
import dev.gradus.training.CompiledState;
import dev.gradus.training.DefaultSteps;
import dev.gradus.training.EvaluationLoops;
import dev.gradus.training.FitLoop;
import dev.gradus.training.StepRunners;
import dev.gradus.util.Check;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer with training and inference features, as Keras's {@code Model}. Three ways to make one:
 * {@link Sequential}; the functional API, {@link #of(KerasTensor, KerasTensor)}; or a subclass that
 * overrides {@link #call(Tensor, boolean)} (its layers are tracked when {@code call} first uses them).
 *
 * <p>{@link #compile} then {@link #fit}, {@link #evaluate}, {@link #predict}; {@link #trainStep},
 * {@link #testStep} and {@link #predictStep} may be overridden to customise what {@code fit},
 * {@code evaluate} and {@code predict} do on each batch.
 */
public abstract class Model extends Layer {
    private CompiledState compiled;
    private volatile boolean stopTraining;
    private History history;
    private Integer initialEpoch;

    protected Model() {}

    /** A functional model from one symbolic input to one symbolic output. */
    public static Model of(KerasTensor inputs, KerasTensor outputs) {
        return new Functional(List.of(Check.notNull("inputs", inputs)), List.of(Check.notNull("outputs", outputs)));
    }

    /** A functional model with several inputs and/or outputs. */
    public static Model of(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        return new Functional(inputs, outputs);
    }

    /**
     * A functional model with inputs and outputs keyed by name, Keras's
     * {@code keras.Model(inputs={"a": a, ...}, outputs={"out": ...})}: maps of data passed to
     * {@code fit}/{@code evaluate}/{@code predict} are matched to them by key, and
     * {@link #predictMap} returns the outputs by key. Keys are flattened in sorted order, as Keras does.
     */
    public static Model of(Map<String, KerasTensor> inputs, Map<String, KerasTensor> outputs) {
        return new Functional(inputs, outputs);
    }

    /** A list of inputs and outputs keyed by name (the functional API guide's title/body/tags model). */
    public static Model of(List<KerasTensor> inputs, Map<String, KerasTensor> outputs) {
        return new Functional(inputs, outputs);
    }

    /** Inputs keyed by name and a list of outputs. */
    public static Model of(Map<String, KerasTensor> inputs, List<KerasTensor> outputs) {
        return new Functional(inputs, outputs);
    }

    /** Inputs keyed by name and one output: the structured-data examples' {@code keras.Model(all_inputs, output)}. */
    public static Model of(Map<String, KerasTensor> inputs, KerasTensor outputs) {
        return new Functional(inputs, List.of(Check.notNull("outputs", outputs)));
    }

    /** One input and outputs keyed by name. */
    public static Model of(KerasTensor inputs, Map<String, KerasTensor> outputs) {
        return new Functional(List.of(Check.notNull("inputs", inputs)), outputs);
    }

    // ------------------------------------------------------------------ structure

    /** The model's layers: tracked sublayers in the order they were first used (Sequential and functional models list theirs). */
    public List<Layer> layers() {
        return sublayers();
    }

    /**
     * The child layers whose weights a saved model holds, keyed by the name of their group in Keras's
     * weights file, in Keras's order: snake_case of the class name plus a counter per class
     * ({@code dense}, {@code dense_1}, {@code conv2d}, ...). A Sequential leaves out its InputLayer,
     * a functional model keeps its InputLayers ({@code input_layer}, {@code input_layer_1}); a child
     * that is a {@link Model} is walked the same way, one level down.
     */
    public Map<String, Layer> layersForSaving() {
        Map<String, Layer> out = new LinkedHashMap<>();
        Map<String, Integer> used = new java.util.HashMap<>();
        for (Layer l : layers()) {
            String base = dev.gradus.util.Naming.snakeCase(l instanceof Functional ? "Functional" : l.getClass().getSimpleName());
            Integer n = used.get(base);
            used.put(base, n == null ? 0 : n + 1);
            out.put(n == null ? base : base + "_" + (n + 1), l);
        }
        return out;
    }

    /**
     * A model from its architecture config (Keras's {@code Model.from_config}): a functional config
     * (keys {@code layers}, {@code input_layers}, {@code output_layers}) or a Sequential one
     * ({@code layers}), or a whole serialized model object {@code {"class_name", "config", ...}}.
     * No weights are set: the layers are built with fresh initial values.
     */
    public static Model fromConfig(Map<String, Object> config) {
        Check.notNull("config", config);
        if (config.get("class_name") instanceof String && config.get("config") instanceof Map) {
            Layer l = dev.gradus.layers.Layers.deserialize(config);
            if (l instanceof Model m) return m;
            throw new IllegalArgumentException("Model.fromConfig: the object describes a " + config.get("class_name")
                    + " layer, not a model");
        }
        if (config.containsKey("layers") && config.containsKey("input_layers") && config.containsKey("output_layers"))
            return Functional.fromConfig(config);
        if (config.containsKey("layers")) return Sequential.fromConfig(config);
        throw new IllegalArgumentException("Model.fromConfig: expected a Sequential config (key 'layers') or a functional one"
                + " ('layers', 'input_layers', 'output_layers'), got keys " + config.keySet());
    }

    /** The layer called {@code name}; an unknown name lists the known ones. */
    public Layer getLayer(String name) {
        List<String> names = new ArrayList<>();
        for (Layer l : layers()) {
            if (l.name().equals(name)) return l;
            names.add(l.name());
        }
        throw new IllegalArgumentException("No such layer: " + name + ". Existing layers are: " + names + ".");
    }

    /** The layer at {@code index} in {@link #layers()}. */
    public Layer getLayer(int index) {
        List<Layer> ls = layers();
        if (index < 0 || index >= ls.size()) throw new IllegalArgumentException("getLayer: index " + index
                + " is out of range for a model with " + ls.size() + " layers");
        return ls.get(index);
    }

    /**
     * The names that key this model's inputs in maps of data ({@code fit(Map, Map, ...)}, a dataset of
     * {@link Batch#of(Map, Map)} elements), in input order; empty when the inputs have no names (a
     * subclassed model, unless it overrides this), so only positional data fits it.
     */
    public List<String> inputNames() {
        return List.of();
    }

    /** The names of the outputs, which key per-output losses and metrics. */
    public List<String> outputNames() {
        return List.of(name());
    }

    /**
     * The outputs for a list of inputs, as one outermost call (losses of the previous call are
     * cleared). Models with several outputs override {@link #callOutputs}.
     */
    public final List<Tensor> applyAll(List<Tensor> inputs, boolean training) {
        Check.notNull("inputs", inputs);
        Check.argument(!inputs.isEmpty(), "model '" + name() + "': expected at least one input, got none");
        return inCall(training, t -> {
            List<int[]> shapes = new ArrayList<>();
            for (Tensor x : inputs) shapes.add(Check.notNull("inputs", x).shape().dims());
            ensureBuilt(shapes, inputs.size() > 1);
            List<Tensor> out = callOutputs(inputs, t);
            if (out == null || out.isEmpty()) throw new IllegalStateException("model '" + name() + "' returned no outputs");
            return out;
        });
    }

    /** Every output of the forward pass; the default returns {@code call}'s single output. */
    protected List<Tensor> callOutputs(List<Tensor> inputs, boolean training) {
        return List.of(inputs.size() == 1 ? call(inputs.get(0), training) : call(inputs, training));
    }

    // ------------------------------------------------------------------ compile

    // Keras's compile(optimizer, loss[, metrics]) with each argument typed: an optimizer is a name or an
    // Optimizer, a loss a name, a Loss or a lambda, so a lambda needs no cast and swapped arguments do
    // not compile. Config maps, per-output lists and the other options go through CompileOptions.

    /** {@code compile("adam", "mse")}. */
    public void compile(String optimizer, String loss) {
        compileWith(optimizer, loss, null);
    }

    public void compile(String optimizer, Loss loss) {
        compileWith(optimizer, loss, null);
    }

    /** {@code compile("adam", (yTrue, yPred) -> ...)}: a loss written as a lambda. */
    public void compile(String optimizer, LossFunction loss) {
        compileWith(optimizer, loss, null);
    }

    public void compile(Optimizer optimizer, String loss) {
        compileWith(optimizer, loss, null);
    }

    public void compile(Optimizer optimizer, Loss loss) {
        compileWith(optimizer, loss, null);
    }

    public void compile(Optimizer optimizer, LossFunction loss) {
        compileWith(optimizer, loss, null);
    }

    /** {@code compile("adam", "mse", List.of("mae"))}: metrics as names, Metric objects or MetricFunctions. */
    public void compile(String optimizer, String loss, List<?> metrics) {
        compileWith(optimizer, loss, Check.notNull("metrics", metrics));
    }

    public void compile(String optimizer, Loss loss, List<?> metrics) {
        compileWith(optimizer, loss, Check.notNull("metrics", metrics));
    }

    public void compile(String optimizer, LossFunction loss, List<?> metrics) {
        compileWith(optimizer, loss, Check.notNull("metrics", metrics));
    }

    public void compile(Optimizer optimizer, String loss, List<?> metrics) {
        compileWith(optimizer, loss, Check.notNull("metrics", metrics));
    }

    public void compile(Optimizer optimizer, Loss loss, List<?> metrics) {
        compileWith(optimizer, loss, Check.notNull("metrics", metrics));
    }

    public void compile(Optimizer optimizer, LossFunction loss, List<?> metrics) {
        compileWith(optimizer, loss, Check.notNull("metrics", metrics));
    }

    private void compileWith(Object optimizer, Object loss, List<?> metrics) {
        CompileOptions o = new CompileOptions().optimizer(Check.notNull("optimizer", optimizer)).loss(Check.notNull("loss", loss));
        compile(metrics == null ? o : o.metrics(metrics));
    }

    public void compile(CompileOptions options) {
        Check.notNull("options", options);
        refuseUntrackedVariables();
        this.compiled = new CompiledState(this, options);
    }

    /**
     * Keras tracks a variable assigned to a model's attribute; Java has no such hook, and a
     * {@code Variable} field made with {@code new Variable(...)} would silently never be trained or
     * saved. Such a field is refused here, naming it; {@code addWeight} makes a tracked one.
     */
    private void refuseUntrackedVariables() {
        List<Variable> tracked = weights();
        for (Class<?> c = getClass(); c != null && c != Model.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || !Variable.class.isAssignableFrom(f.getType())) continue;
                Object value;
                try {
                    f.setAccessible(true);
                    value = f.get(this);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue; // a field we may not read cannot be checked; nothing to refuse
                }
                if (value != null && tracked.stream().noneMatch(v -> v == value)) throw new IllegalStateException(
                        "compile: field '" + f.getName() + "' of " + c.getSimpleName() + " holds Variable '"
                        + ((Variable) value).name() + "', which the model does not track, so fit would never train or save it; "
                        + "create it with addWeight(name, shape, initializer) instead of new Variable(...)");
            }
        }
    }

    public boolean compiled() {
        return compiled != null;
    }

    /** The options of the last {@code compile}, or null before it (Keras's {@code get_compile_config}). */
    public CompileOptions compileOptions() {
        return compiled == null ? null : compiled.compileOptions();
    }

    /** The compiled state (optimizer, losses, metrics); fails with Keras's message before {@code compile}. */
    protected final CompiledState compiledState() {
        if (compiled == null) throw new IllegalStateException("You must call `compile()` before using the model.");
        return compiled;
    }

    public Optimizer optimizer() {
        return compiledState().optimizer();
    }

    /**
     * Keras's {@code model.metrics}: the {@code loss} tracker, the compiled metrics (listed from the
     * start of {@code fit}/{@code evaluate}), the per-output loss trackers. A model with its own
     * trackers overrides this; {@code fit}, {@code evaluate} and {@link #resetMetrics()} then reset
     * and report the overriding list.
     */
    public List<Metric> metrics() {
        return compiled == null ? List.of() : compiled.metrics();
    }

    /** Results of {@link #metrics()} by name: scalars as Double, other shapes as Tensor. */
    public Map<String, Object> metricsResult() {
        return CompiledState.results(metrics());
    }

    /** Resets every metric in {@link #metrics()} (Keras's {@code reset_metrics}); {@code fit} calls it at each epoch. */
    public void resetMetrics() {
        for (Metric m : metrics()) m.resetState();
    }

    // ------------------------------------------------------------------ steps (overridable)

    /** One training step on a batch; returns the logs (metric name → value). Keras's {@code train_step}. */
    public Map<String, Object> trainStep(Batch data) {
        return DefaultSteps.trainStep(this, compiledState(), data);
    }

    /** One evaluation step. Keras's {@code test_step}. */
    public Map<String, Object> testStep(Batch data) {
        return DefaultSteps.testStep(this, compiledState(), data);
    }

    /** One prediction step: the outputs for the batch's inputs. Keras's {@code predict_step}. */
    public List<Tensor> predictStep(Batch data) {
        return DefaultSteps.predictStep(this, data);
    }

    /** Keras's {@code compute_loss}: the compiled loss plus the model's {@link #losses()}. */
    public Tensor computeLoss(Batch data, List<Tensor> yPred) {
        return compiledState().computeLoss(data, yPred);
    }

    /** Keras's {@code compute_metrics}: updates the compiled metrics and returns every metric's result. */
    public Map<String, Object> computeMetrics(Batch data, List<Tensor> yPred) {
        return compiledState().computeMetrics(data, yPred);
    }

    /** Adds a batch's loss to the {@code loss} tracker (custom train steps that report "loss"). */
    public void trackLoss(Tensor loss, int batchSize) {
        compiledState().trackLoss(loss, batchSize);
    }

    // ------------------------------------------------------------------ fit / evaluate / predict

    public History fit(Tensor x, Tensor y) {
        return fit(x, y, new FitOptions());
    }

    public History fit(Tensor x, Tensor y, FitOptions options) {
        return fit(List.of(Check.notNull("x", x)), List.of(Check.notNull("y", y)), options);
    }

    /** Rows of features and one label per row. */
    public History fit(float[][] x, float[] y, FitOptions options) {
        return fit(FloatArrays.matrix("x", x), FloatArrays.vector("y", y), options);
    }

    public History fit(float[][] x, float[][] y, FitOptions options) {
        return fit(FloatArrays.matrix("x", x), FloatArrays.matrix("y", y), options);
    }

    /** Several inputs and/or outputs, in the model's input and output order. */
    public History fit(List<Tensor> xs, List<Tensor> ys, FitOptions options) {
        return FitLoop.fit(this, compiledState(), xs, ys, Check.notNull("options", options));
    }

    /** Trains on a batched {@link Dataset} of {@code (x, y[, sample_weight])} elements. */
    public History fit(Dataset data, FitOptions options) {
        return FitLoop.fit(this, compiledState(), Check.notNull("data", data), Check.notNull("options", options));
    }

    public Map<String, Double> evaluate(Dataset data, EvaluateOptions options) {
        return scalars(EvaluationLoops.evaluate(this, compiledState(), Check.notNull("data", data), Check.notNull("options", options)));
    }

    /** Predictions for a batched {@link Dataset}; one tensor per output. */
    public List<Tensor> predictAll(Dataset data, PredictOptions options) {
        return EvaluationLoops.predict(this, compiled, Check.notNull("data", data), Check.notNull("options", options));
    }

    public Tensor predict(Dataset data, PredictOptions options) {
        return single(predictAll(data, options));
    }

    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, new EvaluateOptions());
    }

    /** Keras's {@code evaluate(..., return_dict=True)}: loss, then each metric, in Keras's order. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, EvaluateOptions options) {
        return evaluate(List.of(Check.notNull("x", x)), List.of(Check.notNull("y", y)), options);
    }

    public Map<String, Double> evaluate(float[][] x, float[] y, EvaluateOptions options) {
        return evaluate(FloatArrays.matrix("x", x), FloatArrays.vector("y", y), options);
    }

    public Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys, EvaluateOptions options) {
        return scalars(EvaluationLoops.evaluate(this, compiledState(), xs, ys, Check.notNull("options", options)));
    }

    public Tensor predict(Tensor x) {
        return predict(x, new PredictOptions());
    }

    public Tensor predict(Tensor x, PredictOptions options) {
        return single(predictAll(List.of(Check.notNull("x", x)), options));
    }

    public Tensor predict(float[][] x, PredictOptions options) {
        return predict(FloatArrays.matrix("x", x), options);
    }

    /** Predictions for several inputs; one tensor per output. */
    public List<Tensor> predictAll(List<Tensor> xs, PredictOptions options) {
        return EvaluationLoops.predict(this, compiled, xs, Check.notNull("options", options));
    }

    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        return trainOnBatch(List.of(Check.notNull("x", x)), List.of(Check.notNull("y", y)), null, null);
    }

    public Map<String, Double> trainOnBatch(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight, Map<Integer, Double> classWeight) {
        return scalars(FitLoop.trainOnBatch(this, compiledState(), xs, ys, sampleWeight, classWeight));
    }

    public Map<String, Double> testOnBatch(Tensor x, Tensor y) {
        return testOnBatch(List.of(Check.notNull("x", x)), List.of(Check.notNull("y", y)), null);
    }

    public Map<String, Double> testOnBatch(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
        return scalars(EvaluationLoops.testOnBatch(this, compiledState(), xs, ys, sampleWeight));
    }

    /** Keras's {@code predict_on_batch}: one predict step, through the compiled step (and its reused buffers) when there is one. */
    public Tensor predictOnBatch(Tensor x) {
        Batch batch = new Batch(List.of(Check.notNull("x", x)), List.of(), null);
        return single(StepRunners.create(this, compiled, null).predictStep(batch));
    }

    private Tensor single(List<Tensor> outputs) {
        if (outputs.size() != 1) throw new IllegalStateException("model '" + name() + "' has " + outputs.size()
                + " outputs; use predictAll");
        return outputs.get(0);
    }

    /** Scalar entries of logs as doubles (non-scalar metric results stay in {@link #metricsResult()}). */
    private static Map<String, Double> scalars(Map<String, Object> logs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : logs.entrySet()) if (e.getValue() instanceof Number n) out.put(e.getKey(), n.doubleValue());
        return out;
    }

    // ------------------------------------------------------------------ dict-structured data (issue #19)
    // Keras's x and y dicts: inputs keyed by inputNames(), targets by outputNames(). Batch.aligned
    // matches them (one rule for arrays and datasets); missing and unexpected keys are errors naming them.

    /** Keras's {@code model(x_dict)}: the outputs keyed by {@link #outputNames()}. */
    public Map<String, Tensor> apply(Map<String, Tensor> inputs, boolean training) {
        return byOutputName(applyAll(alignedInputs(inputs), training));
    }

    /** {@code fit(x_dict, y_dict)}: inputs keyed by input name, targets by output name. */
    public History fit(Map<String, Tensor> x, Map<String, Tensor> y, FitOptions options) {
        Batch b = aligned(x, y);
        return fit(b.inputs(), b.targets(), options);
    }

    /** {@code fit(x_dict, y)}: inputs keyed by input name, the targets of a single-output model as one tensor. */
    public History fit(Map<String, Tensor> x, Tensor y, FitOptions options) {
        Batch b = Batch.of(Check.notNull("x", x), Check.notNull("y", y)).aligned(inputNames(), outputNames());
        return fit(b.inputs(), b.targets(), options);
    }

    public Map<String, Double> evaluate(Map<String, Tensor> x, Tensor y, EvaluateOptions options) {
        Batch b = Batch.of(Check.notNull("x", x), Check.notNull("y", y)).aligned(inputNames(), outputNames());
        return evaluate(b.inputs(), b.targets(), options);
    }

    public Map<String, Double> evaluate(Map<String, Tensor> x, Map<String, Tensor> y, EvaluateOptions options) {
        Batch b = aligned(x, y);
        return evaluate(b.inputs(), b.targets(), options);
    }

    /** Predictions for inputs keyed by input name, one tensor per output in output order. */
    public List<Tensor> predictAll(Map<String, Tensor> x, PredictOptions options) {
        return predictAll(alignedInputs(x), options);
    }

    /** Keras's {@code predict} of a model with dict outputs: each output keyed by its name ({@link #outputNames()}). */
    public Map<String, Tensor> predictMap(Map<String, Tensor> x, PredictOptions options) {
        return byOutputName(predictAll(x, options));
    }

    /** Outputs keyed by name for positional inputs. */
    public Map<String, Tensor> predictMap(List<Tensor> xs, PredictOptions options) {
        return byOutputName(predictAll(xs, options));
    }

    /** Outputs keyed by name for a dataset (of positional or named elements). */
    public Map<String, Tensor> predictMap(Dataset data, PredictOptions options) {
        return byOutputName(predictAll(data, options));
    }

    public Map<String, Double> trainOnBatch(Map<String, Tensor> x, Map<String, Tensor> y) {
        Batch b = aligned(x, y);
        return trainOnBatch(b.inputs(), b.targets(), null, null);
    }

    public Map<String, Double> testOnBatch(Map<String, Tensor> x, Map<String, Tensor> y) {
        Batch b = aligned(x, y);
        return testOnBatch(b.inputs(), b.targets(), null);
    }

    private Batch aligned(Map<String, Tensor> x, Map<String, Tensor> y) {
        return Batch.of(Check.notNull("x", x), Check.notNull("y", y)).aligned(inputNames(), outputNames());
    }

    private List<Tensor> alignedInputs(Map<String, Tensor> x) {
        return Batch.of(Check.notNull("x", x)).aligned(inputNames(), outputNames()).inputs();
    }

    private Map<String, Tensor> byOutputName(List<Tensor> outputs) {
        List<String> names = outputNames();
        if (names.size() != outputs.size()) throw new IllegalStateException("model '" + name() + "' returned "
                + outputs.size() + " outputs for its " + names.size() + " output names " + names);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) out.put(names.get(i), outputs.get(i));
        return out;
    }

    // ------------------------------------------------------------------ training state

    /** Keras's {@code model.stop_training}: checked after every training batch and every epoch. */
    public boolean stopTraining() {
        return stopTraining;
    }

    public void stopTraining(boolean stop) {
        this.stopTraining = stop;
    }

    /**
     * Keras's {@code model._initial_epoch}: set by a callback in {@code onTrainBegin}
     * (BackupAndRestore resuming a run), it overrides {@code initial_epoch} for that {@code fit};
     * {@code fit} reads and clears it.
     */
    public void initialEpoch(Integer epoch) {
        if (epoch != null && epoch < 0) throw new IllegalArgumentException("initial epoch must be >= 0, got " + epoch);
        this.initialEpoch = epoch;
    }

    public Integer initialEpoch() {
        return initialEpoch;
    }

    /** The History of the last {@code fit} (Keras's {@code model.history}). */
    public History history() {
        return history;
    }

    public void history(History history) {
        this.history = history;
    }

    // ------------------------------------------------------------------ saving (dev.gradus.saving)

    /** Keras's {@code model.save(filepath)}: a {@code .keras} archive (config, weights, optimizer state); see {@link Models#load}. */
    public void save(Path filepath) {
        Saving.save(this, filepath);
    }

    public void save(String filepath) {
        save(Path.of(Check.notNull("filepath", filepath)));
    }

    /** Keras's {@code model.save_weights(filepath)}: a {@code .weights.h5} file. */
    public void saveWeights(Path filepath) {
        Saving.saveWeights(this, filepath);
    }

    public void saveWeights(String filepath) {
        saveWeights(Path.of(Check.notNull("filepath", filepath)));
    }

    /** Keras's {@code model.load_weights(filepath)}, from a {@code .weights.h5} file or a {@code .keras} archive. */
    public void loadWeights(Path filepath) {
        Saving.loadWeights(this, filepath);
    }

    public void loadWeights(String filepath) {
        loadWeights(Path.of(Check.notNull("filepath", filepath)));
    }

    /** Keras's {@code model.to_json()}: the model's config and compile config; {@link Models#modelFromJson} reads it. */
    public String toJson() {
        return Saving.toJson(this);
    }

    // ------------------------------------------------------------------ summary

    /** Keras's {@code model.summary()} as text. */
    public String summary() {
        return Summary.render(this);
    }

    /** Prints {@link #summary()}. */
    public void printSummary(PrintStream out) {
        out.print(summary());
        out.flush();
    }

    public void printSummary() {
        printSummary(System.out);
    }

    /** The output shape of a layer of this model as the summary shows it, or null when unknown. */
    protected int[] layerOutputShape(Layer layer) {
        List<int[]> in = layer.builtInputShapes();
        if (in == null) return null;
        try {
            return in.size() == 1 ? layer.computeOutputShape(in.get(0)) : layer.computeOutputShapes(in);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The summary's "Output Shape" cell: the shape, or Keras's list form {@code [(None, 4), (None, 2)]}
     * for a layer with several outputs; "?" when unknown.
     */
    protected String layerOutputShapeText(Layer layer) {
        int[] shape = layerOutputShape(layer);
        return shape == null ? "?" : Layer.formatShape(shape);
    }

    /** Whether the summary uses the functional layout with a "Connected to" column. */
    protected boolean sequentialLike() {
        return true;
    }

    /** For the functional layout: each layer's inbound layers. */
    protected String connections(Layer layer) {
        return "-";
    }
}
