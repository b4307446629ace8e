package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;

/** {@code sqrt(mean((yPred - yTrue)^2))} over every element seen, weighted. */
public class RootMeanSquaredError extends Reduce {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<RootMeanSquaredError> ARGS = KerasArgs.of(RootMeanSquaredError.class, RootMeanSquaredError::new);

    public RootMeanSquaredError() {
        super("root_mean_squared_error", true);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor[] a = CoreShapes.aligned("RootMeanSquaredError", yTrue, yPred);
        accumulate(Ops.square(Ops.sub(a[1], a[0])), sampleWeight);
    }

    @Override
    public Tensor result() {
        return Ops.sqrt(super.result());
    }

    @Override
    public Direction direction() {
        return Direction.DOWN;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public RootMeanSquaredError name(String name) {
        super.name(name);
        return this;
    }
}
