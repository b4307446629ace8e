package dev.gradus.layers;

import dev.gradus.activations.Activation;
import dev.gradus.activations.Activations;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * A recurrent cell with gates (Keras's GRUCell and LSTMCell): besides the activation it has a
 * {@code recurrent_activation}, the gates' squashing function (sigmoid by default).
 *
 * @param <C> the concrete cell
 */
public abstract class GatedRNNCell<C extends GatedRNNCell<C>> extends BaseRNNCell<C> {
    Activation recurrentActivation = Activations.get("sigmoid");

    private static final Activation TANH = Activations.get("tanh"), SIGMOID = Activations.get("sigmoid");

    GatedRNNCell(int units) {
        super(units);
    }

    /**
     * Whether the activations are Keras's defaults, the built-in tanh and sigmoid: the whole-sequence
     * ops ({@link dev.gradus.ops.RecurrentOps}) compute exactly those, so the layer may run one.
     */
    boolean defaultActivations() {
        return activation == TANH && recurrentActivation == SIGMOID;
    }

    public C recurrentActivation(String activation) {
        return recurrentActivationFrom(activation);
    }

    public C recurrentActivation(dev.gradus.activations.Activation activation) {
        return recurrentActivationFrom(activation);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public C recurrentActivation(java.util.Map<String, ?> activation) {
        return recurrentActivationFrom(activation);
    }

    /** Any of the forms above, as read from a config. */
    C recurrentActivationFrom(Object activation) {
        checkUnbuilt("recurrent_activation");
        this.recurrentActivation = Activations.get(activation);
        return self();
    }

    @Override
    Map<String, Object> cellArguments() {
        return Config.with(super.cellArguments(), "recurrent_activation", Activations.serialize(recurrentActivation));
    }

    @Override
    void readArguments(Config.Reader r) {
        super.readArguments(r);
        recurrentActivationFrom(r.has("recurrent_activation") ? r.get("recurrent_activation") : "sigmoid");
    }
}
