package dev.gradus.layers;

import dev.gradus.data.Batch;
import dev.gradus.data.Dataset;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
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

    /** Keras's {@code sparse}: refused when true, naming the layer (Gradus tensors are dense). */
    static void refuseSparse(String layer, boolean sparse) {
        Check.argument(!sparse, layer + ": `sparse=True` is not supported: Gradus tensors are dense (Keras supports it on the "
                + "TensorFlow backend only). Received: sparse=true");
    }

    /** The inputs ({@code x}) of each batch of a dataset, for adapt on a {@code tf.data} dataset. */
    static List<Tensor> inputs(Dataset dataset) {
        Check.notNull("dataset", dataset);
        List<Tensor> xs = new ArrayList<>();
        for (Batch b : dataset) xs.add(b.x());
        return xs;
    }
}
