package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;

/** All ones. */
public final class Ones extends BaseInitializer {
    @Override
    protected Tensor generate(Shape shape) {
        return Tensor.ones(shape);
    }
}
