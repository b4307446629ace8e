package dev.gradus.constraints;

import dev.gradus.tensor.Tensor;
import java.util.Map;

/** A projection applied to a weight after each optimizer update, as Keras's constraints. */
@FunctionalInterface
public interface Constraint {
    Tensor apply(Tensor weight);

    /** Keras's config of this constraint (its arguments, snake_case). */
    default Map<String, Object> getConfig() {
        return Map.of();
    }
}
