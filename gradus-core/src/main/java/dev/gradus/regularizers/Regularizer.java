package dev.gradus.regularizers;

import dev.gradus.tensor.Tensor;
import java.util.Map;

/** A penalty on a weight (or a layer's output), a scalar added to the training loss, as Keras's regularizers. */
@FunctionalInterface
public interface Regularizer {
    Tensor apply(Tensor x);

    /** Keras's config of this regularizer (its arguments, snake_case). */
    default Map<String, Object> getConfig() {
        return Map.of();
    }
}
