package dev.gradus.constraints;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;

/** {@code max(w, 0)}. */
public final class NonNeg extends BaseConstraint {
    @Override
    protected Tensor project(Tensor w) {
        return Ops.maximum(w, 0);
    }
}
