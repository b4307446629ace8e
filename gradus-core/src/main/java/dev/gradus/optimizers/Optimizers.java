package dev.gradus.optimizers;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.Registry;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code keras.optimizers.get/serialize/deserialize}. Strings are Keras's identifiers, matched
 * case-insensitively as Keras does ({@code "adam"}, {@code "Adam"}, {@code "rmsprop"},
 * {@code "SGD"}); maps are {@code {"class_name", "config"}} configs; an {@link Optimizer} is
 * returned as it is. An unknown name fails with the closest known ones.
 */
public final class Optimizers {
    private static final Registry<Optimizer> REGISTRY = new Registry<>("optimizer", Optimizer.class)
            .builtin("adam", Adam::fromConfig, "Adam")
            .builtin("sgd", SGD::fromConfig, "SGD")
            .builtin("rmsprop", RMSprop::fromConfig, "RMSprop")
            .builtin("adadelta", Adadelta::fromConfig, "Adadelta")
            .builtin("adamw", AdamW::fromConfig, "AdamW")
            .builtin("adagrad", Adagrad::fromConfig, "Adagrad")
            .builtin("adamax", Adamax::fromConfig, "Adamax")
            .builtin("adafactor", Adafactor::fromConfig, "Adafactor")
            .builtin("muon", Muon::fromConfig, "Muon")
            .builtin("nadam", Nadam::fromConfig, "Nadam")
            .builtin("ftrl", Ftrl::fromConfig, "Ftrl")
            .builtin("lion", Lion::fromConfig, "Lion")
            .builtin("lossscaleoptimizer", LossScaleOptimizer::fromConfig, "LossScaleOptimizer")
            // not in keras.optimizers.get, but Keras can deserialize a saved Lamb, and the other two are Gradus's
            .builtin("lamb", Lamb::fromConfig, "Lamb")
            .builtin("lookahead", Lookahead::fromConfig, "Lookahead")
            .builtin("radam", RAdam::fromConfig, "RAdam");
    private static final Set<Class<?>> GRADUS_ONLY = Set.of(Lookahead.class, RAdam.class);

    private Optimizers() {}

    /** Resolves a name, a config map or an instance. */
    @SuppressWarnings("unchecked")
    public static Optimizer get(Object identifier) {
        if (identifier instanceof String name) return REGISTRY.get(resolveName(name));
        if (identifier instanceof Map<?, ?> map && map.get("class_name") instanceof String cls && !REGISTRY.contains(cls)) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
            copy.put("class_name", resolveName(cls));
            return REGISTRY.get(copy);
        }
        return REGISTRY.get(identifier);
    }

    /** Keras lower-cases a class name it does not know as given. */
    private static String resolveName(String name) {
        if (REGISTRY.contains(name)) return name;
        String lower = name.toLowerCase(Locale.ROOT);
        return REGISTRY.contains(lower) ? lower : name;
    }

    /** Registers a user's optimizer class, so that {@link #get} and saved configs can build it. */
    public static void register(String name, Class<? extends Optimizer> type, Function<Map<String, Object>, ? extends Optimizer> fromConfig) {
        REGISTRY.register(name, type, fromConfig);
    }

    /** Keras's serialized form: {@code {"module", "class_name", "config", "registered_name"}}. */
    public static Map<String, Object> serialize(Optimizer optimizer) {
        Check.notNull("optimizer", optimizer);
        String registered = REGISTRY.registeredName(optimizer.getClass());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", registered != null ? null
                : GRADUS_ONLY.contains(optimizer.getClass()) ? "dev.gradus.optimizers" : "keras.optimizers");
        out.putAll(Config.serialized(registered == null ? optimizer.getClass().getSimpleName() : registered, optimizer.getConfig()));
        out.put("registered_name", registered);
        return out;
    }
}
