package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.Registry;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Identifiers of Keras's initializers: {@link #get} accepts the class names ({@code "GlorotUniform"}),
 * their snake_case forms ({@code "glorot_uniform"}) and Keras's aliases ({@code "normal"},
 * {@code "uniform"}, {@code "one"}, {@code "zero"}, {@code "OrthogonalInitializer"}), a config map
 * {@code {"class_name", "config"}}, or an {@link Initializer} (returned as it is). Every string gives a
 * new instance, so that two layers built from {@code "glorot_uniform"} draw different weights.
 */
public final class Initializers {
    private Initializers() {}

    private static final Registry<Initializer> REGISTRY = new Registry<>("initializer", Initializer.class);

    static {
        REGISTRY.builtin("Zeros", c -> empty("Zeros", c, new Zeros()), "zeros", "zero");
        REGISTRY.builtin("Ones", c -> empty("Ones", c, new Ones()), "ones", "one");
        REGISTRY.builtin("Constant", Constant::fromConfig, "constant");
        REGISTRY.builtin("Identity", Identity::fromConfig, "identity", "IdentityInitializer");
        REGISTRY.builtin("RandomNormal", RandomNormal::fromConfig, "random_normal", "normal");
        REGISTRY.builtin("RandomUniform", RandomUniform::fromConfig, "random_uniform", "uniform");
        REGISTRY.builtin("TruncatedNormal", TruncatedNormal::fromConfig, "truncated_normal");
        REGISTRY.builtin("VarianceScaling", VarianceScaling::fromConfig, "variance_scaling");
        REGISTRY.builtin("GlorotUniform", c -> FixedVarianceScaling.fromConfig("GlorotUniform", GlorotUniform::new, c), "glorot_uniform");
        REGISTRY.builtin("GlorotNormal", c -> FixedVarianceScaling.fromConfig("GlorotNormal", GlorotNormal::new, c), "glorot_normal");
        REGISTRY.builtin("HeUniform", c -> FixedVarianceScaling.fromConfig("HeUniform", HeUniform::new, c), "he_uniform");
        REGISTRY.builtin("HeNormal", c -> FixedVarianceScaling.fromConfig("HeNormal", HeNormal::new, c), "he_normal");
        REGISTRY.builtin("LecunUniform", c -> FixedVarianceScaling.fromConfig("LecunUniform", LecunUniform::new, c), "lecun_uniform");
        REGISTRY.builtin("LecunNormal", c -> FixedVarianceScaling.fromConfig("LecunNormal", LecunNormal::new, c), "lecun_normal");
        REGISTRY.builtin("Orthogonal", Orthogonal::fromConfig, "orthogonal", "OrthogonalInitializer");
    }

    private static Initializer empty(String name, Map<String, Object> config, Initializer made) {
        Config.read(name, config).done();
        return made;
    }

    /** Resolves an identifier as {@code keras.initializers.get}; null gives null. */
    public static Initializer get(Object identifier) {
        if (identifier == null) return null;
        return REGISTRY.get(identifier);
    }

    /**
     * Keras's serialized form {@code {"class_name", "config"}}, with "registered_name" for a user's
     * class registered under another name. An unregistered lambda cannot be serialized.
     */
    public static Map<String, Object> serialize(Initializer initializer) {
        return REGISTRY.serialize(initializer, Initializers.class, Initializer::getConfig);
    }

    /** Registers a user's initializer class: {@code get(name)} and its configs call {@code factory}. */
    public static <I extends Initializer> void register(String name, Class<I> type, Function<Map<String, Object>, I> factory) {
        REGISTRY.register(name, type, factory);
    }

    /** Every name {@link #get} accepts, sorted. */
    public static Set<String> names() {
        return REGISTRY.names();
    }

    /**
     * Keras's {@code compute_fans}: {@code {fan_in, fan_out}}. A scalar gives (1, 1), a vector (n, n), a
     * matrix (rows, cols), and a convolution kernel {@code (..., in, out)} multiplies both by the
     * receptive field size (the product of the leading dimensions).
     */
    public static int[] computeFans(Shape shape) {
        Check.notNull("shape", shape);
        int r = shape.rank();
        if (r == 0) return new int[] {1, 1};
        if (r == 1) return new int[] {shape.get(0), shape.get(0)};
        if (r == 2) return new int[] {shape.get(0), shape.get(1)};
        int receptive = 1;
        for (int i = 0; i < r - 2; i++) receptive *= shape.get(i);
        return new int[] {shape.get(r - 2) * receptive, shape.get(r - 1) * receptive};
    }
}
