package dev.gradus.layers;

/**
 * A layer without weights whose output has its input's shape (the activation layers, the noise
 * layers, UnitNormalization, ActivityRegularization): Keras builds such layers when they are made,
 * so their serialized form has no {@code build_config}.
 *
 * @param <T> the concrete layer
 */
abstract class ShapePreservingLayer<T extends ShapePreservingLayer<T>> extends FluentLayer<T> {
    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected boolean builtAtInit() {
        return true;
    }
}
