package dev.gradus.layers;

import dev.gradus.util.Config;
import dev.gradus.util.Registry;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The layer registry, as Keras's {@code layers.deserialize}/{@code serialize}: a config map
 * {@code {"class_name", "config"}} (or a class name, for layers with no required argument) builds
 * a layer; a {@link Layer} instance is returned as it is. Functional and Sequential configs are
 * rebuilt through it, so a user's layer class must be {@link #register registered} first.
 */
public final class Layers {
    private static final Registry<Layer> REGISTRY = new Registry<>("layer", Layer.class);

    static {
        REGISTRY.builtin("InputLayer", InputLayer::fromConfig);
        REGISTRY.builtin("Dense", Dense::fromConfig);
        BuiltinLayers.registerAll(REGISTRY);
    }

    private Layers() {}

    public static Layer get(Object identifier) {
        return REGISTRY.get(identifier);
    }

    /** Keras's serialized form {@code {"class_name": ..., "config": {...}}}. */
    public static Map<String, Object> serialize(Layer layer) {
        return Config.serialized(layer.getClass().getSimpleName(), layer.getConfig());
    }

    public static Layer deserialize(Map<String, Object> config) {
        return REGISTRY.get(config);
    }

    /** Registers a user's layer class (Keras's custom objects). */
    public static void register(String name, Function<Map<String, Object>, ? extends Layer> fromConfig) {
        REGISTRY.register(name, fromConfig);
    }

    /** Every known class name. */
    public static Set<String> names() {
        return REGISTRY.names();
    }
}
