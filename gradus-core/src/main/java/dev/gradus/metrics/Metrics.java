package dev.gradus.metrics;

import dev.gradus.losses.LossFunction;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.KerasArgs;
import dev.gradus.util.Naming;
import dev.gradus.util.Registry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keras's {@code keras.metrics} module: {@link #get} resolves a string (class names, snake_case
 * names, aliases such as {@code "mse"} and {@code "acc"}), a config map
 * {@code {"class_name", "config"}}, a {@link Metric} instance (returned as is), a
 * {@link MetricFunction} (wrapped in a {@link MeanMetricWrapper}) or a {@link LossFunction} (wrapped
 * the same way, its direction DOWN). Each call with a string or a map builds a new metric.
 *
 * <p>It also holds Keras's metric functions ({@link #binaryAccuracy}, {@link #pearsonCorrelation},
 * ...), and the named functions that a {@link MeanMetricWrapper} config can refer to.
 */
public final class Metrics {
    private static final Registry<Metric> REGISTRY = new Registry<>("metric", Metric.class)
            .declaredBy(args -> config -> fromConfig(args, config));
    private static final Map<String, MetricFunction> FUNCTIONS = new LinkedHashMap<>();
    private static final Set<String> BUILTIN_FUNCTIONS = new HashSet<>();
    private static final Set<String> LOSS_FUNCTIONS = new HashSet<>();

    static {
        builtinFunction("accuracy", Accuracy::compute, false);
        builtinFunction("binary_accuracy", (t, p) -> BinaryAccuracy.compute(t, p, 0.5), false);
        builtinFunction("categorical_accuracy", CategoricalAccuracy::compute, false);
        builtinFunction("sparse_categorical_accuracy", SparseCategoricalAccuracy::compute, false);
        builtinFunction("top_k_categorical_accuracy", (t, p) -> TopKCategoricalAccuracy.compute(t, p, 5), false);
        builtinFunction("sparse_top_k_categorical_accuracy",
                (t, p) -> SparseTopKCategoricalAccuracy.compute(t, p, 5, false), false);
        builtinFunction("pearson_correlation", (t, p) -> PearsonCorrelation.compute(t, p, -1), false);
        builtinFunction("concordance_correlation", (t, p) -> ConcordanceCorrelation.compute(t, p, -1), false);
        CoreMetrics.registerLossFunctions();
        CoreMetrics.add(REGISTRY, "MeanMetricWrapper", CoreMetrics::meanMetricWrapper);
        builtin(Mean.ARGS);
        builtin(Sum.ARGS);
        builtin(Accuracy.ARGS);
        builtin(BinaryAccuracy.ARGS);
        builtin(CategoricalAccuracy.ARGS);
        builtin(SparseCategoricalAccuracy.ARGS);
        builtin(TopKCategoricalAccuracy.ARGS);
        builtin(SparseTopKCategoricalAccuracy.ARGS);
        builtin(MeanSquaredError.ARGS);
        builtin(MeanAbsoluteError.ARGS);
        builtin(MeanAbsolutePercentageError.ARGS);
        builtin(MeanSquaredLogarithmicError.ARGS);
        builtin(LogCoshError.ARGS);
        builtin(Hinge.ARGS);
        builtin(SquaredHinge.ARGS);
        builtin(CategoricalHinge.ARGS);
        builtin(KLDivergence.ARGS);
        builtin(Poisson.ARGS);
        builtin(BinaryCrossentropy.ARGS);
        builtin(CategoricalCrossentropy.ARGS);
        builtin(SparseCategoricalCrossentropy.ARGS);
        builtin(RootMeanSquaredError.ARGS);
        builtin(CosineSimilarity.ARGS);
        builtin(PearsonCorrelation.ARGS);
        builtin(ConcordanceCorrelation.ARGS);
        builtin(R2Score.ARGS);
        builtin(FBetaScore.ARGS);
        builtin(F1Score.ARGS);
        builtin(IoU.ARGS);
        builtin(BinaryIoU.ARGS);
        builtin(MeanIoU.ARGS);
        builtin(OneHotIoU.ARGS);
        builtin(OneHotMeanIoU.ARGS);
        builtin(TruePositives.ARGS);
        builtin(FalsePositives.ARGS);
        builtin(TrueNegatives.ARGS);
        builtin(FalseNegatives.ARGS);
        builtin(Precision.ARGS);
        builtin(Recall.ARGS);
        builtin(SensitivityAtSpecificity.ARGS);
        builtin(SpecificityAtSensitivity.ARGS);
        builtin(PrecisionAtRecall.ARGS);
        builtin(RecallAtPrecision.ARGS);
        builtin(AUC.ARGS);
        builtin(KolmogorovSmirnov.ARGS);
    }

    /** A built-in metric under its class name, its snake_case name and its aliases, built through its declared arguments. */
    private static void builtin(KerasArgs<? extends Metric> args) {
        CoreMetrics.add(REGISTRY, args.className(), config -> fromConfig(args, config), args.aliases().toArray(String[]::new));
    }

    /** The class's declared arguments, then the metric's name; {@code dtype} is skipped and an unknown key is an error. */
    private static <M extends Metric> M fromConfig(KerasArgs<M> args, Map<String, Object> config) {
        Config.Reader r = Config.read(args.className(), config);
        return CoreMetrics.named(args.read(r), r);
    }

    /**
     * Registers a user's metric from its declared arguments ({@link KerasArgs}), under its class name
     * and its snake_case name: the one registration line of a new metric.
     */
    public static <M extends Metric> void register(KerasArgs<M> args) {
        Check.notNull("args", args);
        REGISTRY.register(Naming.snakeCase(args.className()), config -> fromConfig(args, config));
        REGISTRY.register(args.className(), args.type(), config -> fromConfig(args, config));
    }

    private Metrics() {}

    /** A metric written as a lambda, averaged over batches as Keras's {@code MeanMetricWrapper}. */
    public static Metric get(MetricFunction function) {
        return new MeanMetricWrapper(Check.notNull("metric", function));
    }

    public static Metric get(Object identifier) {
        if (identifier instanceof MetricFunction fn) return new MeanMetricWrapper(fn);
        // a loss is minimised, so its wrapper says so to callbacks (Keras's _direction = "down")
        if (identifier instanceof LossFunction fn) return new MeanMetricWrapper(null, fn::call, null, Direction.DOWN);
        return REGISTRY.get(identifier);
    }

    /** The Keras config {@code {"class_name", "config"}}, which {@link #get} turns back into an equal metric. */
    public static Map<String, Object> serialize(Metric metric) {
        Check.notNull("metric", metric);
        return Config.serialized(metric.getClass().getSimpleName(), metric.getConfig());
    }

    /** Registers a user's metric class, so that its name and its serialized config build it. */
    public static void register(String name, Function<Map<String, Object>, ? extends Metric> fromConfig) {
        REGISTRY.register(name, fromConfig);
    }

    /** Every known name. */
    public static Set<String> names() {
        return REGISTRY.names();
    }

    // ------------------------------------------------------------------ named metric functions

    /**
     * Registers a user's metric function under a name, so that {@code MeanMetricWrapper.of(name)}
     * and its config (which then carries {@code "fn": name}) rebuild it. Built-in names cannot be
     * replaced.
     */
    public static synchronized void registerFunction(String name, MetricFunction fn) {
        Check.argument(name != null && !name.isBlank(), "registerFunction: name must be a non-empty string, got " + name);
        Check.notNull("fn", fn);
        if (BUILTIN_FUNCTIONS.contains(name)) throw new IllegalArgumentException(
                "registerFunction: '" + name + "' is a built-in metric function; register under another name");
        FUNCTIONS.put(name, fn);
    }

    /** The metric function registered under {@code name}; unknown names fail with the closest known ones. */
    public static synchronized MetricFunction function(String name) {
        Check.notNull("function name", name);
        MetricFunction fn = FUNCTIONS.get(name);
        if (fn == null) throw new IllegalArgumentException("Unknown metric function: '" + name + "'. Closest known names: "
                + Naming.closest(name, FUNCTIONS.keySet(), 3).stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "))
                + ". A custom function must be registered first with Metrics.registerFunction.");
        return fn;
    }

    /** Every registered metric function name. */
    public static synchronized Set<String> functionNames() {
        return new TreeSet<>(FUNCTIONS.keySet());
    }

    /** Whether the named function is one of the losses' functions (a wrapper of it is minimised). */
    static synchronized boolean isLossFunction(String name) {
        return LOSS_FUNCTIONS.contains(name);
    }

    static synchronized void builtinFunction(String name, MetricFunction fn, boolean loss) {
        if (FUNCTIONS.containsKey(name)) throw new IllegalStateException("metric function '" + name + "' registered twice");
        FUNCTIONS.put(name, fn);
        BUILTIN_FUNCTIONS.add(name);
        if (loss) LOSS_FUNCTIONS.add(name);
    }

    // ------------------------------------------------------------------ Keras's metric functions

    /** {@code keras.metrics.accuracy}: 1 where {@code yTrue == yPred}, elementwise. */
    public static Tensor accuracy(Tensor yTrue, Tensor yPred) {
        return Accuracy.compute(yTrue, yPred);
    }

    /** {@code keras.metrics.binary_accuracy} at threshold 0.5. */
    public static Tensor binaryAccuracy(Tensor yTrue, Tensor yPred) {
        return BinaryAccuracy.compute(yTrue, yPred, 0.5);
    }

    /** {@code keras.metrics.binary_accuracy}: 1 where {@code yTrue == (yPred > threshold)}, elementwise. */
    public static Tensor binaryAccuracy(Tensor yTrue, Tensor yPred, double threshold) {
        return BinaryAccuracy.compute(yTrue, yPred, threshold);
    }

    /** {@code keras.metrics.categorical_accuracy}: 1 per sample where the argmaxes agree. */
    public static Tensor categoricalAccuracy(Tensor yTrue, Tensor yPred) {
        return CategoricalAccuracy.compute(yTrue, yPred);
    }

    /** {@code keras.metrics.sparse_categorical_accuracy}: 1 per sample where {@code yTrue == argmax(yPred)}. */
    public static Tensor sparseCategoricalAccuracy(Tensor yTrue, Tensor yPred) {
        return SparseCategoricalAccuracy.compute(yTrue, yPred);
    }

    /** {@code keras.metrics.top_k_categorical_accuracy} with k = 5. */
    public static Tensor topKCategoricalAccuracy(Tensor yTrue, Tensor yPred) {
        return TopKCategoricalAccuracy.compute(yTrue, yPred, 5);
    }

    /** {@code keras.metrics.top_k_categorical_accuracy}: 1 where the one-hot class is in the top {@code k}. */
    public static Tensor topKCategoricalAccuracy(Tensor yTrue, Tensor yPred, int k) {
        return TopKCategoricalAccuracy.compute(yTrue, yPred, k);
    }

    /** {@code keras.metrics.sparse_top_k_categorical_accuracy} with k = 5. */
    public static Tensor sparseTopKCategoricalAccuracy(Tensor yTrue, Tensor yPred) {
        return SparseTopKCategoricalAccuracy.compute(yTrue, yPred, 5, false);
    }

    /** {@code keras.metrics.sparse_top_k_categorical_accuracy}: 1 where the integer label is in the top {@code k}. */
    public static Tensor sparseTopKCategoricalAccuracy(Tensor yTrue, Tensor yPred, int k, boolean fromSortedIds) {
        return SparseTopKCategoricalAccuracy.compute(yTrue, yPred, k, fromSortedIds);
    }

    /** {@code keras.metrics.pearson_correlation} over the last axis. */
    public static Tensor pearsonCorrelation(Tensor yTrue, Tensor yPred) {
        return PearsonCorrelation.compute(yTrue, yPred, -1);
    }

    public static Tensor pearsonCorrelation(Tensor yTrue, Tensor yPred, int axis) {
        return PearsonCorrelation.compute(yTrue, yPred, axis);
    }

    /** {@code keras.metrics.concordance_correlation} over the last axis. */
    public static Tensor concordanceCorrelation(Tensor yTrue, Tensor yPred) {
        return ConcordanceCorrelation.compute(yTrue, yPred, -1);
    }

    public static Tensor concordanceCorrelation(Tensor yTrue, Tensor yPred, int axis) {
        return ConcordanceCorrelation.compute(yTrue, yPred, axis);
    }
}
