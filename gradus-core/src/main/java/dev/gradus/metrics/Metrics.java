package dev.gradus.metrics;

import dev.gradus.util.Config;
import dev.gradus.util.Registry;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Keras's {@code metrics.get}: a string (class names, snake_case names, aliases), a config map
 * {@code {"class_name", "config"}}, a {@link Metric} instance (returned as is). Each call with a
 * string or a map builds a new metric.
 */
public final class Metrics {
    private static final Registry<Metric> REGISTRY = new Registry<>("metric", Metric.class);

    static {
        CoreMetrics.registerAll(REGISTRY);
        ConfusionMetrics.registerAll(REGISTRY);
    }

    private Metrics() {}

    public static Metric get(Object identifier) {
        return REGISTRY.get(identifier);
    }

    /** The Keras config {@code {"class_name", "config"}}, which {@link #get} turns back into an equal metric. */
    public static Map<String, Object> serialize(Metric metric) {
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
}
