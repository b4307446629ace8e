package dev.gradus.layers;

import dev.gradus.models.Functional;
import dev.gradus.models.Model;
import dev.gradus.models.Sequential;
import dev.gradus.util.Check;
import dev.gradus.util.Registry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The layer registry, as Keras's {@code layers.serialize}/{@code deserialize}: {@link #serialize}
 * writes the object Keras 3 puts in a model's {@code config.json}, {@code {"module", "class_name",
 * "config", "registered_name", "build_config"}}; {@link #deserialize} reads that object (and tf.keras
 * 2.x's form), builds the layer and applies its build config. Models are layers here too: a nested
 * Sequential, or a whole saved model ({@code module} "keras" / "keras.src.models.functional").
 * Only registered factories run, so a user's layer class must be {@link #register registered} first.
 */
public final class Layers {
    private static final Registry<Layer> REGISTRY = new Registry<>("layer", Layer.class)
            // Keras's functional_from_config(cls, config): a Functional subclass is rebuilt as itself
            .subclassesBy((cls, config) -> Functional.class.isAssignableFrom(cls)
                    ? Functional.fromConfig(config, cls.asSubclass(Functional.class)) : null);

    static {
        REGISTRY.builtin("InputLayer", InputLayer::fromConfig);
        REGISTRY.builtin("Dense", Dense::fromConfig);
        BuiltinLayers.registerAll(REGISTRY);
        // models are layers: a Sequential nested in a model, or a saved model's top-level object
        // (tf.keras 2 wrote "Model" for functional models)
        REGISTRY.builtin("Sequential", Sequential::fromConfig);
        REGISTRY.builtin("Functional", Functional::fromConfig, "Model");
    }

    private Layers() {}

    /** A layer from a class name (layers with no required argument), a serialized object, or a layer (returned as is). */
    public static Layer get(Object identifier) {
        if (identifier instanceof Map<?, ?> m) return deserialize(asConfig(m));
        return REGISTRY.get(identifier);
    }

    /**
     * Keras 3's serialized layer: {@code module} ("keras.layers" for a built-in layer, "keras" for a
     * Sequential, "keras.src.models.functional" for a functional model, the Java package for a
     * user's class), {@code class_name}, {@code config}, {@code registered_name} (null for built-ins,
     * "Functional" for a functional model, the registered name for a user's class) and, once the
     * layer is built, {@code build_config: {"input_shape": [null, 784]}}.
     */
    public static Map<String, Object> serialize(Layer layer) {
        Check.notNull("layer", layer);
        Class<?> cls = layer.getClass();
        String simple = cls.getSimpleName();
        String registered = REGISTRY.registeredName(cls);
        Map<String, Object> out = new LinkedHashMap<>();
        if (registered != null) {
            out.put("module", cls.getPackageName());
            out.put("class_name", simple);
            out.put("config", layer.getConfig());
            out.put("registered_name", registered);
        } else if (cls == Functional.class) {
            out.put("module", "keras.src.models.functional");
            out.put("class_name", "Functional");
            out.put("config", layer.getConfig());
            out.put("registered_name", "Functional");
        } else if (Functional.class.isAssignableFrom(cls) && !simple.isEmpty()) {
            // Keras writes an unregistered subclass under its own name; loading it needs custom_objects
            out.put("module", cls.getPackageName());
            out.put("class_name", simple);
            out.put("config", layer.getConfig());
            out.put("registered_name", simple);
        } else if (isBuiltin(cls)) {
            out.put("module", cls == Sequential.class ? "keras" : "keras.layers");
            out.put("class_name", simple);
            out.put("config", layer.getConfig());
            out.put("registered_name", null);
        } else {
            throw new IllegalArgumentException("Cannot serialize layer " + layer + " of class " + cls.getName()
                    + ": register its class first with Layers.register(\"" + (simple.isEmpty() ? "MyLayer" : simple)
                    + "\", " + (simple.isEmpty() ? "MyLayer" : simple) + ".class, " + (simple.isEmpty() ? "MyLayer" : simple)
                    + "::fromConfig)");
        }
        Map<String, Object> build = buildConfig(layer);
        if (build != null) out.put("build_config", build);
        return out;
    }

    private static boolean isBuiltin(Class<?> cls) {
        return (cls.getPackageName().startsWith(Layers.class.getPackageName()) || cls == Sequential.class)
                && REGISTRY.contains(cls.getSimpleName());
    }

    /** Keras's {@code get_build_config}: the shape(s) the layer was built with; a functional model writes a null shape. */
    private static Map<String, Object> buildConfig(Layer layer) {
        if (layer instanceof InputLayer || layer.builtAtInit()) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        if (layer instanceof Functional) {
            out.put("input_shape", null);
            return out;
        }
        if (layer instanceof Sequential) {
            // its input layer's shape, which has an unknown batch size even when a call built the model
            Object shape = layer.getConfig().get("build_input_shape");
            if (shape == null) return null;
            out.put("input_shape", shape);
            return out;
        }
        List<int[]> shapes = layer.builtInputShapes();
        if (shapes == null || shapes.isEmpty()) return null;
        if (shapes.size() == 1) out.put("input_shape", LayerArgs.shapeToJson(shapes.get(0)));
        else {
            List<Object> all = new ArrayList<>();
            for (int[] s : shapes) all.add(LayerArgs.shapeToJson(s));
            out.put("input_shape", all);
        }
        return out;
    }

    /**
     * Builds a layer (or a model) from its serialized object: Keras 3's {@code {"module", "class_name",
     * "config", "registered_name", "build_config"}} or tf.keras 2.x's {@code {"class_name", "config"}}.
     * {@code registered_name} is preferred when it is registered. A {@code build_config} builds the layer
     * for its input shape(s) at once, as Keras's {@code build_from_config} does.
     */
    public static Layer deserialize(Map<String, Object> object) {
        Check.notNull("object", object);
        Object className = object.get("class_name");
        if (!(className instanceof String name)) throw new IllegalArgumentException(
                "Could not interpret layer config: expected a \"class_name\" string, got keys " + object.keySet());
        Object registered = object.get("registered_name");
        if ("Lambda".equals(name) && !(registered instanceof String r && REGISTRY.contains(r) && !"Lambda".equals(r)))
            throw new IllegalArgumentException("Cannot load a Keras Lambda layer ('" + layerName(object) + "'): it holds Python code,"
                    + " and Gradus never runs code from a file. Rewrite it as a custom layer class and register it with"
                    + " Layers.register(name, type, factory).");
        boolean known = REGISTRY.contains(name) || registered instanceof String r && REGISTRY.contains(r);
        if (!known) {
            try {
                REGISTRY.create(name, Map.of());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " Register a custom layer class before loading with"
                        + " Layers.register(\"" + (registered instanceof String r ? r : name) + "\", MyLayer.class, MyLayer::fromConfig).", e);
            }
        }
        Layer layer = REGISTRY.get(object);
        if (!(layer instanceof Model)) applyBuildConfig(layer, object.get("build_config"));
        return layer;
    }

    private static String layerName(Map<String, Object> object) {
        return object.get("config") instanceof Map<?, ?> c && c.get("name") != null ? String.valueOf(c.get("name")) : "?";
    }

    private static void applyBuildConfig(Layer layer, Object buildConfig) {
        if (layer.built() || !(buildConfig instanceof Map<?, ?> bc) || !(bc.get("input_shape") instanceof List<?> shape)) return;
        String what = "layer '" + layer.name() + "' build_config input_shape";
        if (!shape.isEmpty() && shape.get(0) instanceof List) {
            List<int[]> shapes = new ArrayList<>();
            for (Object s : shape) shapes.add(LayerArgs.shapeFromJson(what, s));
            layer.ensureBuilt(shapes, true);
        } else {
            layer.buildFor(LayerArgs.shapeFromJson(what, shape));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asConfig(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** Registers a user's layer factory under a name (Keras's custom objects). */
    public static void register(String name, Function<Map<String, Object>, ? extends Layer> fromConfig) {
        REGISTRY.register(name, fromConfig);
    }

    /**
     * Registers a user's layer class: {@link #serialize} writes {@code name} as its {@code registered_name}
     * (Keras's "package>Name" form is a good choice), and {@link #deserialize} builds it from that name
     * with {@code fromConfig}.
     */
    public static void register(String name, Class<? extends Layer> type, Function<Map<String, Object>, ? extends Layer> fromConfig) {
        REGISTRY.register(name, type, fromConfig);
    }

    /** Every known class name. */
    public static Set<String> names() {
        return REGISTRY.names();
    }

    // #19 conv: the functional forms of the merge layers, as keras.layers.concatenate(...), add(...), ...

    /** {@code keras.layers.concatenate(inputs, axis)}: a new {@link Concatenate} layer applied to {@code inputs}. */
    public static KerasTensor concatenate(List<KerasTensor> inputs, int axis) {
        return new Concatenate().axis(axis).applySymbolic(inputs);
    }

    /** {@code keras.layers.concatenate(inputs)}, along the last axis. */
    public static KerasTensor concatenate(List<KerasTensor> inputs) {
        return concatenate(inputs, -1);
    }

    /** {@code keras.layers.add(inputs)}: a new {@link Add} layer applied to {@code inputs}. */
    public static KerasTensor add(List<KerasTensor> inputs) {
        return new Add().applySymbolic(inputs);
    }

    /** {@code keras.layers.subtract([a, b])}: {@code a - b} through a new {@link Subtract} layer. */
    public static KerasTensor subtract(List<KerasTensor> inputs) {
        return new Subtract().applySymbolic(inputs);
    }

    /** {@code keras.layers.multiply(inputs)}: a new {@link Multiply} layer applied to {@code inputs}. */
    public static KerasTensor multiply(List<KerasTensor> inputs) {
        return new Multiply().applySymbolic(inputs);
    }

    /** {@code keras.layers.average(inputs)}: a new {@link Average} layer applied to {@code inputs}. */
    public static KerasTensor average(List<KerasTensor> inputs) {
        return new Average().applySymbolic(inputs);
    }

    /** {@code keras.layers.maximum(inputs)}: a new {@link Maximum} layer applied to {@code inputs}. */
    public static KerasTensor maximum(List<KerasTensor> inputs) {
        return new Maximum().applySymbolic(inputs);
    }

    /** {@code keras.layers.minimum(inputs)}: a new {@link Minimum} layer applied to {@code inputs}. */
    public static KerasTensor minimum(List<KerasTensor> inputs) {
        return new Minimum().applySymbolic(inputs);
    }

    /** {@code keras.layers.dot(inputs, axes)}: a new {@link Dot} layer over the same axis of both inputs. */
    public static KerasTensor dot(List<KerasTensor> inputs, int axes) {
        return dot(inputs, axes, false);
    }

    /** {@code keras.layers.dot(inputs, axes, normalize=...)}; with {@code normalize} the cosine similarity. */
    public static KerasTensor dot(List<KerasTensor> inputs, int axes, boolean normalize) {
        return new Dot(axes).normalize(normalize).applySymbolic(inputs);
    }

    /** {@code keras.layers.dot(inputs, axes=(axis1, axis2), normalize=...)}. */
    public static KerasTensor dot(List<KerasTensor> inputs, int axis1, int axis2, boolean normalize) {
        return new Dot(axis1, axis2).normalize(normalize).applySymbolic(inputs);
    }
}
