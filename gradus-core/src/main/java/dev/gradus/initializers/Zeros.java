package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;

/** All zeros. */
public final class Zeros extends BaseInitializer {
    @Override
    protected Tensor generate(Shape shape) {
        return Tensor.zeros(shape);
    }
}
