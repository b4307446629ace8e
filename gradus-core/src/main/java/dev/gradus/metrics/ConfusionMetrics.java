package dev.gradus.metrics;

import dev.gradus.util.Registry;

/** Registers the confusion-matrix metrics: counts, precision/recall, the *At* metrics, AUC, KS. */
final class ConfusionMetrics {
    private ConfusionMetrics() {}

    static void registerAll(Registry<Metric> registry) {
        // filled in with the metric classes as they are written (issue #4)
    }
}
