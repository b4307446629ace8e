package dev.gradus.regularizers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.ConfigObject;

/** The shared part of Keras's regularizer classes: input checks and equality by class and config. */
public abstract class BaseRegularizer extends ConfigObject implements Regularizer {

    @Override
    public final Tensor apply(Tensor x) {
        return penalty(Check.notNull("x", x));
    }

    /** The scalar penalty for {@code x}. */
    protected abstract Tensor penalty(Tensor x);

    /** {@code l1 * sum(|x|)}, the L1 penalty of L1 and L1L2. */
    static Tensor l1Penalty(Tensor x, float l1) {
        return Ops.mul(Ops.sum(Ops.abs(x)), l1);
    }

    /** {@code l2 * sum(x^2)}, the L2 penalty of L2 and L1L2. */
    static Tensor l2Penalty(Tensor x, float l2) {
        return Ops.mul(Ops.sum(Ops.square(x)), l2);
    }

    /** Keras's validate_float_arg: a finite number >= 0, kept as the float32 Keras stores. */
    static float factor(String name, double value) {
        if (!Double.isFinite(value) || value < 0)
            throw new IllegalArgumentException("Invalid value for argument " + name + ": expected a non-negative float, got " + name + "=" + value);
        return (float) value;
    }
}
