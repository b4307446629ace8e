package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.ConfigObject;

/**
 * The shared part of Keras's initializer classes: input checks, and (from {@link ConfigObject})
 * equality by class and config, so that {@code Initializers.get(Initializers.serialize(x))} equals
 * {@code x}. A subclass writes {@link #generate} and its config.
 */
public abstract class BaseInitializer extends ConfigObject implements Initializer {

    @Override
    public final Tensor apply(Shape shape) {
        Check.notNull("shape", shape);
        for (int d : shape.dims())
            if (d < 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": shape dimensions must be >= 0, got " + shape);
        return generate(shape);
    }

    /** The initial value for a checked shape. */
    protected abstract Tensor generate(Shape shape);
}
