package dev.gradus.metrics;

import dev.gradus.losses.Losses;
import dev.gradus.util.Config;
import dev.gradus.util.Naming;
import dev.gradus.util.Registry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Registers the accuracy, regression, probabilistic, correlation, F-score and IoU metrics. */
final class CoreMetrics {
    private CoreMetrics() {}

    static void registerAll(Registry<Metric> registry) {
        add(registry, "Mean", c -> named(new Mean(), read("Mean", c)));
        add(registry, "Sum", c -> named(new Sum(), read("Sum", c)));
        add(registry, "MeanMetricWrapper", CoreMetrics::meanMetricWrapper);

        add(registry, "Accuracy", c -> named(new Accuracy(), read("Accuracy", c)), "acc");
        add(registry, "BinaryAccuracy", c -> {
            Config.Reader r = read("BinaryAccuracy", c);
            return named(new BinaryAccuracy().threshold(r.getDouble("threshold", 0.5)), r);
        });
        add(registry, "CategoricalAccuracy", c -> named(new CategoricalAccuracy(), read("CategoricalAccuracy", c)));
        add(registry, "SparseCategoricalAccuracy",
                c -> named(new SparseCategoricalAccuracy(), read("SparseCategoricalAccuracy", c)));
        add(registry, "TopKCategoricalAccuracy", c -> {
            Config.Reader r = read("TopKCategoricalAccuracy", c);
            return named(new TopKCategoricalAccuracy().k(r.getInt("k", 5)), r);
        });
        add(registry, "SparseTopKCategoricalAccuracy", c -> {
            Config.Reader r = read("SparseTopKCategoricalAccuracy", c);
            return named(new SparseTopKCategoricalAccuracy().k(r.getInt("k", 5))
                    .fromSortedIds(r.getBoolean("from_sorted_ids", false)), r);
        });

        add(registry, "MeanSquaredError", c -> named(new MeanSquaredError(), read("MeanSquaredError", c)), "mse", "MSE");
        add(registry, "MeanAbsoluteError", c -> named(new MeanAbsoluteError(), read("MeanAbsoluteError", c)), "mae", "MAE");
        add(registry, "MeanAbsolutePercentageError",
                c -> named(new MeanAbsolutePercentageError(), read("MeanAbsolutePercentageError", c)), "mape", "MAPE");
        add(registry, "MeanSquaredLogarithmicError",
                c -> named(new MeanSquaredLogarithmicError(), read("MeanSquaredLogarithmicError", c)), "msle", "MSLE");
        add(registry, "LogCoshError", c -> named(new LogCoshError(), read("LogCoshError", c)));
        add(registry, "Hinge", c -> named(new Hinge(), read("Hinge", c)));
        add(registry, "SquaredHinge", c -> named(new SquaredHinge(), read("SquaredHinge", c)));
        add(registry, "CategoricalHinge", c -> named(new CategoricalHinge(), read("CategoricalHinge", c)));
        add(registry, "KLDivergence", c -> named(new KLDivergence(), read("KLDivergence", c)));
        add(registry, "Poisson", c -> named(new Poisson(), read("Poisson", c)));
        add(registry, "BinaryCrossentropy", c -> {
            Config.Reader r = read("BinaryCrossentropy", c);
            return named(new BinaryCrossentropy().fromLogits(r.getBoolean("from_logits", false))
                    .labelSmoothing(r.getDouble("label_smoothing", 0)), r);
        }, "bce", "BCE");
        add(registry, "CategoricalCrossentropy", c -> {
            Config.Reader r = read("CategoricalCrossentropy", c);
            return named(new CategoricalCrossentropy().fromLogits(r.getBoolean("from_logits", false))
                    .labelSmoothing(r.getDouble("label_smoothing", 0)).axis(r.getInt("axis", -1)), r);
        });
        add(registry, "SparseCategoricalCrossentropy", c -> {
            Config.Reader r = read("SparseCategoricalCrossentropy", c);
            return named(new SparseCategoricalCrossentropy().fromLogits(r.getBoolean("from_logits", false))
                    .ignoreClass(r.getIntOrNull("ignore_class")).axis(r.getInt("axis", -1)), r);
        });

        add(registry, "RootMeanSquaredError", c -> named(new RootMeanSquaredError(), read("RootMeanSquaredError", c)));
        add(registry, "CosineSimilarity", c -> {
            Config.Reader r = read("CosineSimilarity", c);
            return named(new CosineSimilarity().axis(r.getInt("axis", -1)), r);
        });
        add(registry, "PearsonCorrelation", c -> {
            Config.Reader r = read("PearsonCorrelation", c);
            return named(new PearsonCorrelation().axis(r.getInt("axis", -1)), r);
        });
        add(registry, "ConcordanceCorrelation", c -> {
            Config.Reader r = read("ConcordanceCorrelation", c);
            return named(new ConcordanceCorrelation().axis(r.getInt("axis", -1)), r);
        });
        add(registry, "R2Score", c -> {
            Config.Reader r = read("R2Score", c);
            // an explicit null class_aggregation means "no aggregation", an absent one the default
            String aggregation = c.containsKey("class_aggregation") ? r.getString("class_aggregation", null) : "uniform_average";
            return named(new R2Score().classAggregation(aggregation).numRegressors(r.getInt("num_regressors", 0)), r);
        });

        add(registry, "FBetaScore", c -> {
            Config.Reader r = read("FBetaScore", c);
            return named(new FBetaScore().average(r.getString("average", null)).beta(r.getDouble("beta", 1.0))
                    .threshold(r.getDoubleOrNull("threshold")), r);
        });
        add(registry, "F1Score", c -> {
            Config.Reader r = read("F1Score", c);
            return named(new F1Score().average(r.getString("average", null)).threshold(r.getDoubleOrNull("threshold")), r);
        });

        add(registry, "IoU", c -> {
            Config.Reader r = read("IoU", c);
            IoU m = new IoU(required(r, "num_classes", c), ids(r, "target_class_ids", null)).ignoreClass(r.getIntOrNull("ignore_class"))
                    .sparseYTrue(r.getBoolean("sparse_y_true", true)).sparseYPred(r.getBoolean("sparse_y_pred", true))
                    .axis(r.getInt("axis", -1)).dtype(r.getString("dtype", "int32"));
            return named(m, r);
        });
        add(registry, "BinaryIoU", c -> {
            Config.Reader r = read("BinaryIoU", c);
            BinaryIoU m = new BinaryIoU(ids(r, "target_class_ids", new int[] {0, 1})).threshold(r.getDouble("threshold", 0.5))
                    .dtype(r.getString("dtype", "int32"));
            return named(m, r);
        });
        add(registry, "MeanIoU", c -> {
            Config.Reader r = read("MeanIoU", c);
            MeanIoU m = new MeanIoU(required(r, "num_classes", c)).ignoreClass(r.getIntOrNull("ignore_class"))
                    .sparseYTrue(r.getBoolean("sparse_y_true", true)).sparseYPred(r.getBoolean("sparse_y_pred", true))
                    .axis(r.getInt("axis", -1)).dtype(r.getString("dtype", "int32"));
            return named(m, r);
        });
        add(registry, "OneHotIoU", c -> {
            Config.Reader r = read("OneHotIoU", c);
            OneHotIoU m = new OneHotIoU(required(r, "num_classes", c), ids(r, "target_class_ids", null))
                    .ignoreClass(r.getIntOrNull("ignore_class")).sparseYPred(r.getBoolean("sparse_y_pred", false))
                    .axis(r.getInt("axis", -1)).dtype(r.getString("dtype", "int32"));
            return named(m, r);
        });
        add(registry, "OneHotMeanIoU", c -> {
            Config.Reader r = read("OneHotMeanIoU", c);
            OneHotMeanIoU m = new OneHotMeanIoU(required(r, "num_classes", c)).ignoreClass(r.getIntOrNull("ignore_class"))
                    .sparseYPred(r.getBoolean("sparse_y_pred", false)).axis(r.getInt("axis", -1))
                    .dtype(r.getString("dtype", "int32"));
            return named(m, r);
        });
    }

    /** The losses' functions that Keras re-exports as metric functions; a wrapper of one is minimised. */
    static void registerLossFunctions() {
        Metrics.builtinFunction("mean_squared_error", Losses::meanSquaredError, true);
        Metrics.builtinFunction("mean_absolute_error", Losses::meanAbsoluteError, true);
        Metrics.builtinFunction("mean_absolute_percentage_error", Losses::meanAbsolutePercentageError, true);
        Metrics.builtinFunction("mean_squared_logarithmic_error", Losses::meanSquaredLogarithmicError, true);
        Metrics.builtinFunction("huber", Losses::huber, true);
        Metrics.builtinFunction("log_cosh", Losses::logCosh, true);
        Metrics.builtinFunction("hinge", Losses::hinge, true);
        Metrics.builtinFunction("squared_hinge", Losses::squaredHinge, true);
        Metrics.builtinFunction("categorical_hinge", Losses::categoricalHinge, true);
        Metrics.builtinFunction("kl_divergence", Losses::klDivergence, true);
        Metrics.builtinFunction("poisson", Losses::poisson, true);
        Metrics.builtinFunction("binary_crossentropy", Losses::binaryCrossentropy, true);
        Metrics.builtinFunction("binary_focal_crossentropy", Losses::binaryFocalCrossentropy, true);
        Metrics.builtinFunction("categorical_crossentropy", Losses::categoricalCrossentropy, true);
        Metrics.builtinFunction("categorical_focal_crossentropy", Losses::categoricalFocalCrossentropy, true);
        Metrics.builtinFunction("sparse_categorical_crossentropy", Losses::sparseCategoricalCrossentropy, true);
    }

    /** Registers under the class name, its Keras snake_case name and any aliases. */
    static void add(Registry<Metric> registry, String className, Function<Map<String, Object>, ? extends Metric> factory,
                    String... aliases) {
        String[] names = new String[aliases.length + 1];
        names[0] = Naming.snakeCase(className);
        System.arraycopy(aliases, 0, names, 1, aliases.length);
        registry.builtin(className, factory, names);
    }

    static Config.Reader read(String className, Map<String, Object> config) {
        return Config.read(className, config);
    }

    /** Applies the config's {@code name}, skips {@code dtype} (Gradus metrics compute in float32) and rejects unknown keys. */
    static <M extends Metric> M named(M metric, Config.Reader r) {
        String name = r.getString("name", null);
        if (name != null) metric.name(name);
        r.ignore("dtype");
        r.done();
        return metric;
    }

    private static int required(Config.Reader r, String key, Map<String, Object> config) {
        Integer v = r.getIntOrNull(key);
        if (v == null) throw new IllegalArgumentException("config key '" + key + "' is required, got keys " + config.keySet());
        return v;
    }

    private static int[] ids(Config.Reader r, String key, int[] fallback) {
        List<Integer> ids = r.getInts(key);
        if (ids == null) {
            if (fallback == null) throw new IllegalArgumentException("config key '" + key + "' is required");
            return fallback;
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Metric meanMetricWrapper(Map<String, Object> c) {
        Config.Reader r = read("MeanMetricWrapper", c);
        Object fn = r.get("fn");
        // Keras writes a function as {"class_name": "function", "config": "<name>", ...}
        if (fn instanceof Map<?, ?> m && m.get("config") instanceof String s) fn = s;
        if (!(fn instanceof String name)) throw new IllegalArgumentException("MeanMetricWrapper: config key 'fn' must name "
                + "a registered metric function (Metrics.registerFunction), got " + (fn == null ? "none" : fn)
                + "; a wrapper built from a Java lambda has no config to rebuild it from");
        return named(MeanMetricWrapper.of(name), r);
    }
}
