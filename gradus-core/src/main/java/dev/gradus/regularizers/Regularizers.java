package dev.gradus.regularizers;

import dev.gradus.util.Registry;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Identifiers of Keras's regularizers: class names and their snake_case forms ({@code "L1"}/{@code "l1"},
 * {@code "L2"}/{@code "l2"}, {@code "L1L2"}/{@code "l1_l2"}, {@code "OrthogonalRegularizer"}/
 * {@code "orthogonal_regularizer"}), config maps, or a {@link Regularizer} returned as it is. Note
 * Keras's defaults: {@code "l1_l2"} builds {@code L1L2()}, whose factors are both 0.
 */
public final class Regularizers {
    private Regularizers() {}

    private static final Registry<Regularizer> REGISTRY = new Registry<>("regularizer", Regularizer.class);

    static {
        REGISTRY.builtin("L1", L1::fromConfig, "l1");
        REGISTRY.builtin("L2", L2::fromConfig, "l2");
        REGISTRY.builtin("L1L2", L1L2::fromConfig, "l1_l2");
        REGISTRY.builtin("OrthogonalRegularizer", OrthogonalRegularizer::fromConfig, "orthogonal_regularizer");
    }

    public static L1 l1(double l1) {
        return new L1(l1);
    }

    public static L2 l2(double l2) {
        return new L2(l2);
    }

    public static L1L2 l1L2(double l1, double l2) {
        return new L1L2(l1, l2);
    }

    /** Resolves an identifier as {@code keras.regularizers.get}; null gives null. */
    public static Regularizer get(Object identifier) {
        if (identifier == null) return null;
        return REGISTRY.get(identifier);
    }

    /** Keras's {@code {"class_name", "config"}}, with "registered_name" for a user's class registered under another name. */
    public static Map<String, Object> serialize(Regularizer regularizer) {
        return REGISTRY.serialize(regularizer, Regularizers.class, Regularizer::getConfig);
    }

    /** Registers a user's regularizer class: {@code get(name)} and its configs call {@code factory}. */
    public static <R extends Regularizer> void register(String name, Class<R> type, Function<Map<String, Object>, R> factory) {
        REGISTRY.register(name, type, factory);
    }

    public static Set<String> names() {
        return REGISTRY.names();
    }
}
