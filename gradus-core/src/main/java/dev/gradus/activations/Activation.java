package dev.gradus.activations;

import dev.gradus.tensor.Tensor;

/**
 * An elementwise (or last-axis, for softmax) activation function, differentiable through
 * {@link dev.gradus.ops.Ops}. Any lambda is an activation; {@link Activations#get} resolves Keras's
 * names ({@code "relu"}, {@code "softmax"}, ...).
 */
@FunctionalInterface
public interface Activation {
    Tensor apply(Tensor x);
}
