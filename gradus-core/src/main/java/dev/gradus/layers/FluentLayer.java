package dev.gradus.layers;

/**
 * A layer base whose fluent setters return the concrete layer: {@link #self()} and the covariant
 * {@code name} and {@code trainable}, written once for the generic bases.
 *
 * @param <T> the concrete layer
 */
abstract class FluentLayer<T extends FluentLayer<T>> extends Layer {

    @SuppressWarnings("unchecked")
    final T self() {
        return (T) this;
    }

    @Override
    public T name(String name) {
        super.name(name);
        return self();
    }

    @Override
    public T trainable(boolean trainable) {
        super.trainable(trainable);
        return self();
    }
}
