package dev.gradus.metrics;

import dev.gradus.util.Config;
import dev.gradus.util.Naming;
import dev.gradus.util.Registry;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Registers the confusion-matrix metrics: counts, precision/recall, the *At* metrics, AUC, KS. */
final class ConfusionMetrics {
    private ConfusionMetrics() {}

    static void registerAll(Registry<Metric> registry) {
        count(registry, "TruePositives", TruePositives::new);
        count(registry, "FalsePositives", FalsePositives::new);
        count(registry, "TrueNegatives", TrueNegatives::new);
        count(registry, "FalseNegatives", FalseNegatives::new);
        ratio(registry, "Precision", Precision::new);
        ratio(registry, "Recall", Recall::new);
        atValue(registry, "SensitivityAtSpecificity", "specificity", SensitivityAtSpecificity::new);
        atValue(registry, "SpecificityAtSensitivity", "sensitivity", SpecificityAtSensitivity::new);
        atValue(registry, "PrecisionAtRecall", "recall", PrecisionAtRecall::new);
        atValue(registry, "RecallAtPrecision", "precision", RecallAtPrecision::new);
        builtin(registry, "AUC", ConfusionMetrics::auc);
        builtin(registry, "KolmogorovSmirnov", c -> {
            Config.Reader r = reader("KolmogorovSmirnov", c);
            KolmogorovSmirnov m = new KolmogorovSmirnov(r.getString("name", null));
            m.numThresholds(r.getInt("num_thresholds", 200));
            r.done();
            return m;
        });
    }

    private static void builtin(Registry<Metric> registry, String className, Function<Map<String, Object>, Metric> factory) {
        registry.builtin(className, factory, Naming.snakeCase(className));
    }

    private static Config.Reader reader(String className, Map<String, Object> config) {
        return Config.read(className, config).ignore("dtype");
    }

    private static void count(Registry<Metric> registry, String className, Function<String, ConfusionCount> ctor) {
        builtin(registry, className, c -> {
            Config.Reader r = reader(className, c);
            ConfusionCount m = ctor.apply(r.getString("name", null));
            m.thresholdsFromConfig(r.get("thresholds"));
            r.done();
            return m;
        });
    }

    private static void ratio(Registry<Metric> registry, String className, Function<String, ConfusionRatio> ctor) {
        builtin(registry, className, c -> {
            Config.Reader r = reader(className, c);
            ConfusionRatio m = ctor.apply(r.getString("name", null));
            m.thresholdsFromConfig(r.get("thresholds"));
            Integer topK = r.getIntOrNull("top_k"), classId = r.getIntOrNull("class_id");
            if (topK != null) m.topK(topK);
            if (classId != null) m.classId(classId);
            r.done();
            return m;
        });
    }

    private static void atValue(Registry<Metric> registry, String className, String valueKey,
                                BiFunction<Double, String, SensitivitySpecificityBase> ctor) {
        builtin(registry, className, c -> {
            Config.Reader r = reader(className, c);
            Double value = r.getDoubleOrNull(valueKey);
            if (value == null) throw new IllegalArgumentException(className + ": config key '" + valueKey
                    + "' is required (a target in [0, 1]), got none");
            SensitivitySpecificityBase m = ctor.apply(value, r.getString("name", null));
            m.numThresholds(r.getInt("num_thresholds", 200));
            Integer classId = r.getIntOrNull("class_id");
            if (classId != null) m.classId(classId);
            r.done();
            return m;
        });
    }

    private static Metric auc(Map<String, Object> c) {
        Config.Reader r = reader("AUC", c);
        AUC m = new AUC(r.getString("name", null));
        List<Double> thresholds = r.getDoubles("thresholds");
        if (thresholds != null) {
            m.thresholds(thresholds.stream().mapToDouble(Double::doubleValue).toArray());
            r.ignore("num_thresholds");                 // Keras: explicit thresholds override it
        } else {
            m.numThresholds(r.getInt("num_thresholds", 200));
        }
        m.curve(r.getString("curve", "ROC"));
        m.summationMethod(r.getString("summation_method", "interpolation"));
        m.multiLabel(r.getBoolean("multi_label", false));
        Integer numLabels = r.getIntOrNull("num_labels");
        if (numLabels != null) m.numLabels(numLabels);
        List<Double> labelWeights = r.getDoubles("label_weights");
        if (labelWeights != null) m.labelWeights(labelWeights.stream().mapToDouble(Double::doubleValue).toArray());
        m.fromLogits(r.getBoolean("from_logits", false));
        r.done();
        m.checkOptions();
        return m;
    }
}
