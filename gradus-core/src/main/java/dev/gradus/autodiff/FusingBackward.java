package dev.gradus.autodiff;

import dev.gradus.tensor.Tensor;

/**
 * A gradient rule that can also take the gradient through the op that made its input, in one pass: a max
 * pool after a bias and ReLU writes the gradients of the pre-activation and of the bias directly. Apart, the
 * pool's rule wrote its gradient out at the ReLU's full size and the ReLU's rule read it back with the ReLU's
 * output to mask it, a fifth of a small convnet's training step in passes over its largest tensor.
 *
 * <p>The tape offers the fusion only where the result is the same as the two rules one after the other: this
 * op has one input, that input is the one output of the op that made it, nothing else on the tape reads it,
 * and it is not a tensor whose gradient was asked for. The rule decides the rest, and says no with null.
 */
public interface FusingBackward extends Backward {
    /**
     * The gradients of the inputs of the op whose rule is {@code producer} (the op that made this op's one
     * input), given this op's output gradients; null when this rule does not fuse with that one, and the tape
     * then runs the two rules one after the other.
     *
     * @param producerNeeded which of the producer's inputs need a gradient; null may be returned for the others
     */
    Tensor[] throughProducer(Backward producer, Tensor[] outputGrads, boolean[] producerNeeded);
}
