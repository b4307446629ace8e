package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dtype of the preprocessing layers that Keras gives an integer dtype ({@code Hashing},
 * {@code Discretization} in int mode: {@code "int64"}): Gradus computes their indices in float32
 * tensors (exact below 2^24), and writes and reads Keras's dtype so configs match Python's.
 */
final class PreprocessingArgs {
    private PreprocessingArgs() {}

    /** Keras 3's serialized {@code DTypePolicy(name)}. */
    static Map<String, Object> policy(String name) {
        return Config.of("module", "keras", "class_name", "DTypePolicy", "config", Config.of("name", name), "registered_name", null);
    }

    /** The dtype name of a config's {@code dtype} (a string or a policy object), null when absent. */
    static String dtypeName(String layer, Object dtype) {
        if (dtype == null) return null;
        if (dtype instanceof String s) return check(layer, s);
        if (dtype instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c && c.get("name") instanceof String s) return check(layer, s);
        throw new IllegalArgumentException(layer + ": dtype must be a string or a DTypePolicy object, got " + dtype);
    }

    private static String check(String layer, String name) {
        if (name.equals("int64") || name.equals("int32") || name.equals("float32")) return name;
        throw new IllegalArgumentException(layer + ": dtype must be 'int64', 'int32' or 'float32' (Gradus holds the "
                + "outputs in float32 tensors), got '" + name + "'");
    }

    /** {@code config} without its {@code dtype} key, for the base reader (which accepts only float32). */
    static Map<String, Object> withoutDtype(Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>(config);
        out.remove("dtype");
        return out;
    }
}
