package dev.gradus.layers;

/**
 * Keras's {@code keras.Input}: a symbolic input for the functional API. {@code Input.of(784)} is
 * {@code keras.Input(shape=(784,))}: the batch axis is left unknown.
 */
public final class Input {
    private Input() {}

    /** A symbolic input whose samples have this shape (no batch axis). */
    public static KerasTensor of(int... shape) {
        return InputLayer.of(shape, null, null).output();
    }

    /** A named symbolic input (the name keys the input in a map of inputs). */
    public static KerasTensor of(String name, int... shape) {
        return InputLayer.of(shape, null, name).output();
    }

    /** A symbolic input with a fixed batch size. */
    public static KerasTensor withBatchSize(int batchSize, int... shape) {
        return InputLayer.of(shape, batchSize, null).output();
    }
}
