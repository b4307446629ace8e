package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.Map;

/**
 * Makes a weight's initial value for a given shape, as Keras's initializers. Random initializers
 * are seeded: the same seed gives the same values. A lambda is an initializer (with an empty config).
 */
@FunctionalInterface
public interface Initializer {
    Tensor apply(Shape shape);

    /** Keras's config of this initializer (its arguments, snake_case). */
    default Map<String, Object> getConfig() {
        return Map.of();
    }
}
