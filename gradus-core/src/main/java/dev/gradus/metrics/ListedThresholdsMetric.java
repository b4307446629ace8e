package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
/**
 * The {@code thresholds} option of {@link ConfusionCount} and {@link ConfusionRatio}: one threshold
 * or several, each in [0, 1], kept in Keras's config form (a number, or a list even of one) and
 * turned into {@link Thresholds} when the state is built.
 */
abstract class ListedThresholdsMetric extends ThresholdMetric {
    /** Keras's arguments its subclasses share, declared once for all of them. */
    static final KerasArgs<ListedThresholdsMetric> ARGS = KerasArgs.shared(ListedThresholdsMetric.class)
            .value("thresholds", (r, k) -> r.get(k), ListedThresholdsMetric::thresholdsConfig,
                    ListedThresholdsMetric::thresholdsFromConfig);

    private Object initThresholds;

    ListedThresholdsMetric(String name) {
        super(name);
    }

    /** Sets the thresholds given to the public setter, before the state is sized. */
    final void setThresholds(double... values) {
        checkNotBuilt("thresholds");
        initThresholds = Thresholds.givenForm(name() + ": thresholds", values);
    }

    /** From a config value, keeping Keras's form (a number, or a list even of one). */
    final void thresholdsFromConfig(Object raw) {
        checkNotBuilt("thresholds");
        initThresholds = Thresholds.configForm(name() + ": thresholds", raw);
    }

    /** The thresholds as given (null when none were), for the config. */
    final Object thresholdsConfig() {
        return initThresholds;
    }

    /** The thresholds given, or {@code fallback} alone. */
    final Thresholds listedThresholds(double fallback) {
        return Thresholds.listed(Thresholds.asList(initThresholds, fallback));
    }
}
