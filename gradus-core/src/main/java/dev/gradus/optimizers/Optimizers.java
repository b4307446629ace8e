package dev.gradus.optimizers;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.KerasArgs;
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
            .declaredBy(args -> config -> fromConfig(args, config));

    static {
        builtin(Adam.ARGS);
        builtin(SGD.ARGS);
        builtin(RMSprop.ARGS);
        builtin(Adadelta.ARGS);
        builtin(AdamW.ARGS);
        builtin(Adagrad.ARGS);
        builtin(Adamax.ARGS);
        builtin(Adafactor.ARGS);
        builtin(Muon.ARGS);
        builtin(Nadam.ARGS);
        builtin(Ftrl.ARGS);
        builtin(Lion.ARGS);
        // a wrapper's config holds another optimizer's, not Keras's base arguments
        REGISTRY.builtin("lossscaleoptimizer", LossScaleOptimizer::fromConfig, "LossScaleOptimizer");
        // not in keras.optimizers.get, but Keras can deserialize a saved Lamb, and the other two are Gradus's
        builtin(Lamb.ARGS);
        REGISTRY.builtin("lookahead", Lookahead::fromConfig, "Lookahead");
        builtin(RAdam.ARGS);
        builtin(ScheduleFreeAdamW.ARGS);
        // its config holds other optimizers' and the map that routes variables to them
        REGISTRY.builtin("multioptimizer", MultiOptimizer::fromConfig, "MultiOptimizer");
    }

    /** A built-in optimizer under its lower-case name (Keras's string) and its class name. */
    private static void builtin(KerasArgs<? extends Optimizer> args) {
        REGISTRY.builtin(args.className().toLowerCase(Locale.ROOT), config -> fromConfig(args, config), args.className());
    }

    /** The class's declared arguments, then Keras's base arguments; an unknown key is an error that names it. */
    private static <O extends Optimizer> O fromConfig(KerasArgs<O> args, Map<String, Object> config) {
        Config.Reader r = Config.read(args.className(), config);
        O optimizer = args.read(r);
        Optimizer.readBase(r, optimizer);
        r.done();
        return optimizer;
    }

    /**
     * Registers a user's optimizer from its declared arguments ({@link KerasArgs}), under its class
     * name: the one registration line of a new optimizer. Keras's base arguments (learning rate,
     * clipping, EMA, ...) are read for it.
     */
    public static <O extends Optimizer> void register(KerasArgs<O> args) {
        Check.notNull("args", args);
        register(args.className(), args.type(), config -> fromConfig(args, config));
    }

    private static final Set<Class<?>> GRADUS_ONLY = Set.of(Lookahead.class, RAdam.class);

    private Optimizers() {}

    /** Resolves a name, a config map or an instance. */
    @SuppressWarnings("unchecked")
    public static Optimizer get(Object identifier) {
        if (identifier instanceof String name) {
            String resolved = resolveName(name);
            if (!REGISTRY.contains(resolved) && dev.gradus.losses.Losses.names().contains(name)) {
                // the mistake Java's types cannot catch: compile("mse", "adam") is two strings
                throw new IllegalArgumentException("Unknown optimizer: '" + name + "' is a loss. compile takes the optimizer"
                        + " first, then the loss: compile(\"adam\", \"" + name + "\")");
            }
            return REGISTRY.get(resolved);
        }
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
