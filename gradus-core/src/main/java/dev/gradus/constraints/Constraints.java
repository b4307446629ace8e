package dev.gradus.constraints;

import dev.gradus.util.Config;
import dev.gradus.util.Registry;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Identifiers of Keras's constraints: {@code "MaxNorm"}/{@code "max_norm"}, {@code "MinMaxNorm"}/
 * {@code "min_max_norm"}, {@code "NonNeg"}/{@code "non_neg"}, {@code "UnitNorm"}/{@code "unit_norm"},
 * config maps, or a {@link Constraint} returned as it is.
 */
public final class Constraints {
    private Constraints() {}

    private static final Registry<Constraint> REGISTRY = new Registry<>("constraint", Constraint.class);

    static {
        REGISTRY.builtin("MaxNorm", MaxNorm::fromConfig, "max_norm");
        REGISTRY.builtin("MinMaxNorm", MinMaxNorm::fromConfig, "min_max_norm");
        REGISTRY.builtin("NonNeg", c -> {
            Config.read("NonNeg", c).done();
            return new NonNeg();
        }, "non_neg");
        REGISTRY.builtin("UnitNorm", UnitNorm::fromConfig, "unit_norm");
    }

    /** Resolves an identifier as {@code keras.constraints.get}; null gives null. */
    public static Constraint get(Object identifier) {
        if (identifier == null) return null;
        return REGISTRY.get(identifier);
    }

    /** Keras's {@code {"class_name", "config"}}, with "registered_name" for a user's class registered under another name. */
    public static Map<String, Object> serialize(Constraint constraint) {
        return REGISTRY.serialize(constraint, Constraints.class, Constraint::getConfig);
    }

    /** Registers a user's constraint class: {@code get(name)} and its configs call {@code factory}. */
    public static <C extends Constraint> void register(String name, Class<C> type, Function<Map<String, Object>, C> factory) {
        REGISTRY.register(name, type, factory);
    }

    public static Set<String> names() {
        return REGISTRY.names();
    }
}
