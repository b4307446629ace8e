package dev.gradus.layers;

import dev.gradus.activations.Activations;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** Applies an activation function to its input: {@code new Activation("relu")}. */
public final class Activation extends FluentLayer<Activation> {
    private final dev.gradus.activations.Activation activation;

    /** A name ({@code "relu"}), a Keras config or an {@link dev.gradus.activations.Activation}; null is linear, as Keras. */
    public Activation(Object activation) {
        this.activation = Activations.get(activation);
    }

    public dev.gradus.activations.Activation activation() {
        return activation;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return activation.apply(inputs);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "activation", LayerArgs.serialize(activation));
    }

    public static Activation fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Activation", config);
        Activation layer = new Activation(r.get("activation"));
        readBase(layer, r);
        r.done();
        return layer;
    }

    @Override
    protected boolean builtAtInit() {
        return true;
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
