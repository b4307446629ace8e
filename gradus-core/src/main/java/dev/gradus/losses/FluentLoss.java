package dev.gradus.losses;

/**
 * The base class of the built-in losses: {@link Loss}'s setters return the loss's own type, so that
 * {@code BinaryCrossentropy b = new BinaryCrossentropy().reduction("sum").name("bce")} compiles as a
 * Keras user writes it. A user's loss may extend this ({@code class MyLoss extends FluentLoss<MyLoss>})
 * or {@link Loss} directly.
 */
public abstract class FluentLoss<T extends FluentLoss<T>> extends Loss {

    /** A loss called {@code name}; null picks Keras's auto name (the class name in snake_case, made unique). */
    protected FluentLoss(String name) {
        super(name);
    }

    protected FluentLoss() {
        super();
    }

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    @Override
    public T name(String name) {
        super.name(name);
        return self();
    }

    @Override
    public T reduction(String reduction) {
        super.reduction(reduction);
        return self();
    }

    @Override
    public T reduction(Reduction reduction) {
        super.reduction(reduction);
        return self();
    }
}
