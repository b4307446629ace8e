package dev.gradus.autodiff;

import dev.gradus.tensor.Tensor;

/**
 * The gradient rule of one recorded operation: given the gradients of its outputs, the gradients of
 * its inputs. It must be written with differentiable ops, so that an outer tape can record it and
 * give second derivatives.
 */
@FunctionalInterface
public interface Backward {
    /**
     * @param outputGrads one gradient per output, the output's shape; never null (an output that
     *                    received no gradient gets zeros)
     * @param needed      which inputs need a gradient; the rule may return null for the others
     * @return one gradient per input, each of that input's shape, or null where not needed or not defined
     */
    Tensor[] apply(Tensor[] outputGrads, boolean[] needed);
}
