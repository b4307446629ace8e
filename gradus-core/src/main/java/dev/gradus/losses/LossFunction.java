package dev.gradus.losses;

import dev.gradus.tensor.Tensor;

/**
 * A loss written as a function: {@code (yTrue, yPred) -> per-sample values}, unreduced (for most
 * losses the input shape minus the last axis). Any lambda of this shape is accepted wherever a loss
 * is; {@link Losses#get} wraps it in a {@link LossFunctionWrapper}, which adds sample weighting and
 * the reduction, as Keras wraps a plain function.
 *
 * <p>The static function forms in {@link Losses} ({@code Losses::meanSquaredError}, ...) fit this
 * interface directly.
 */
@FunctionalInterface
public interface LossFunction {
    Tensor call(Tensor yTrue, Tensor yPred);
}
