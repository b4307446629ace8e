package dev.gradus.metrics;

import dev.gradus.losses.Losses;
import dev.gradus.util.Config;
import dev.gradus.util.Naming;
import dev.gradus.util.Registry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The registry helpers of the metrics: names and aliases, the config's name, the function wrapper, and the loss functions Keras re-exports as metrics. */
final class CoreMetrics {
    private CoreMetrics() {}

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

    /** Applies the config's {@code name}, skips {@code dtype} (Gradus metrics compute in float32) and rejects unknown keys. */
    static <M extends Metric> M named(M metric, Config.Reader r) {
        String name = r.getString("name", null);
        if (name != null) metric.name(name);
        r.ignore("dtype");
        r.done();
        return metric;
    }

    static Metric meanMetricWrapper(Map<String, Object> c) {
        Config.Reader r = Config.read("MeanMetricWrapper", c);
        Object fn = r.get("fn");
        // Keras writes a function as {"class_name": "function", "config": "<name>", ...}
        if (fn instanceof Map<?, ?> m && m.get("config") instanceof String s) fn = s;
        if (!(fn instanceof String name)) throw new IllegalArgumentException("MeanMetricWrapper: config key 'fn' must name "
                + "a registered metric function (Metrics.registerFunction), got " + (fn == null ? "none" : fn)
                + "; a wrapper built from a Java lambda has no config to rebuild it from");
        return named(MeanMetricWrapper.of(name), r);
    }
}
