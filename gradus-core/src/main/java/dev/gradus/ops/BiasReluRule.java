package dev.gradus.ops;

import dev.gradus.autodiff.Backward;
import dev.gradus.tensor.Tensor;

/**
 * The gradient rule of an op that ends in {@code act(z + bias)}, the bias over the last axis ({@link MathOps#biasAdd},
 * {@link ConvOps#conv2d} with a bias): an object a max pool's rule recognises, so that after a ReLU it can take the
 * gradients of z and the bias in its own pass and hand them back here for the rest of the op's gradient.
 */
interface BiasReluRule extends Backward {
    /** Whether the activation is ReLU (else the identity). */
    boolean relu();

    /** The gradients of the op's inputs, given those of z (the pre-activation, before the bias) and of the bias. */
    Tensor[] fromPreActivation(Tensor dz, Tensor dBias, boolean[] needed);
}
