package dev.gradus.layers;

/**
 * A recurrent layer over a gated cell (Keras's GRU and LSTM): the RNN arguments plus the cell's
 * {@code recurrent_activation}.
 *
 * @param <T> the concrete layer
 * @param <C> its cell
 */
public abstract class GatedRNN<T extends GatedRNN<T, C>, C extends GatedRNNCell<C>> extends BaseRNN<T, C> {

    GatedRNN(C cell) {
        super(cell);
    }

    public T recurrentActivation(String activation) {
        return recurrentActivationFrom(activation);
    }

    public T recurrentActivation(dev.gradus.activations.Activation activation) {
        return recurrentActivationFrom(activation);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T recurrentActivation(java.util.Map<String, ?> activation) {
        return recurrentActivationFrom(activation);
    }

    /** Any of the forms above, as read from a config. */
    T recurrentActivationFrom(Object activation) {
        cell.recurrentActivationFrom(activation);
        return self();
    }

}
