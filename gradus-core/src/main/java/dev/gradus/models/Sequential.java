package dev.gradus.models;

import dev.gradus.layers.InputLayer;
import dev.gradus.layers.KerasTensor;
import dev.gradus.layers.Layer;
import dev.gradus.layers.Layers;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain stack of layers, each feeding the next, as Keras's {@code Sequential}. Starting with
 * {@code Input.of(shape)} builds every layer at once (so {@code summary()} shows shapes and
 * parameter counts); otherwise the model is built on its first call.
 */
public class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    private final Map<Layer, int[]> outputShapes = new IdentityHashMap<>();

    public Sequential() {}

    public Sequential(Layer... layers) {
        for (Layer l : Check.notNull("layers", layers)) add(l);
    }

    /** Layers, or an {@code Input.of(...)} tensor first. */
    public Sequential(List<?> layers) {
        Check.notNull("layers", layers);
        for (int i = 0; i < layers.size(); i++) {
            Object o = Check.notNull("layers[" + i + "]", layers.get(i));
            if (o instanceof Layer l) add(l);
            else if (o instanceof KerasTensor k) add(k);
            else throw new IllegalArgumentException("Sequential: layers[" + i + "] must be a Layer or an Input.of(...) tensor, got "
                    + o.getClass().getName());
        }
    }

    /** Starts the stack with a symbolic input ({@code Input.of(784)}). */
    public Sequential add(KerasTensor input) {
        Check.notNull("input", input);
        Check.argument(input.layer() instanceof InputLayer && input.inputs().isEmpty(),
                "Sequential.add: only an Input.of(...) tensor can be added, got the output of layer '" + input.layer().name() + "'");
        return add(input.layer());
    }

    public Sequential add(Layer layer) {
        Check.notNull("layer", layer);
        if (layer instanceof InputLayer && !stack.isEmpty()) throw new IllegalArgumentException(
                "Sequential.add: an InputLayer can only be the first layer; the model already has " + stack.size() + " layers");
        for (Layer l : stack) if (l.name().equals(layer.name())) throw new IllegalArgumentException(
                "All layers added to a Sequential model should have unique names. Name '" + layer.name()
                        + "' is already the name of a layer in this model.");
        stack.add(layer);
        track(layer);
        rebuild();
        return this;
    }

    /** Removes and returns the last layer. */
    public Layer pop() {
        List<Layer> ls = layers();
        if (ls.isEmpty()) throw new IllegalStateException("Sequential.pop: there are no layers in the model");
        Layer last = stack.remove(stack.size() - 1);
        outputShapes.remove(last);
        untrack(last);
        return last;
    }

    /** The layers, without the input layer (as Keras). */
    @Override
    public List<Layer> layers() {
        if (!stack.isEmpty() && stack.get(0) instanceof InputLayer) return Collections.unmodifiableList(stack.subList(1, stack.size()));
        return Collections.unmodifiableList(stack);
    }

    private InputLayer inputLayer() {
        return !stack.isEmpty() && stack.get(0) instanceof InputLayer in ? in : null;
    }

    /** With a known input, builds every layer symbolically and records their output shapes. */
    private void rebuild() {
        InputLayer in = inputLayer();
        if (in == null) return;
        KerasTensor t = in.output();
        for (Layer l : layers()) {
            t = l.apply(t);
            outputShapes.put(l, t.shape());
        }
        markBuilt(List.<int[]>of(in.batchShape()));
    }

    @Override
    protected void build(int[] inputShape) {
        if (inputLayer() != null) return;
        int[] sample = java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length);
        KerasTensor t = dev.gradus.layers.Input.of(sample);
        for (Layer l : layers()) {
            t = l.apply(t);
            outputShapes.put(l, t.shape());
        }
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Check.argument(!layers().isEmpty() || inputLayer() != null, "Sequential model '" + name() + "' has no layers");
        Tensor x = inputs;
        InputLayer in = inputLayer();
        if (in != null) x = in.apply(x, training);
        for (Layer l : layers()) x = l.apply(x, training);
        return x;
    }

    @Override
    protected int[] layerOutputShape(Layer layer) {
        int[] s = outputShapes.get(layer);
        return s != null ? s : super.layerOutputShape(layer);
    }

    @Override
    public List<String> outputNames() {
        List<Layer> ls = layers();
        return ls.isEmpty() ? List.of(name()) : List.of(ls.get(ls.size() - 1).name());
    }

    @Override
    public Map<String, Object> getConfig() {
        List<Object> layers = new ArrayList<>();
        for (Layer l : stack) layers.add(Layers.serialize(l));
        return Config.with(super.getConfig(), "layers", layers);
    }

    /** Rebuilds a Sequential model from its config (its layers through the {@link Layers} registry). */
    @SuppressWarnings("unchecked")
    public static Sequential fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Sequential", config);
        Object layers = r.get("layers");
        if (!(layers instanceof List<?> list)) throw new IllegalArgumentException("Sequential config: 'layers' must be a list, got " + layers);
        Sequential s = new Sequential();
        readBase(s, r);
        r.ignore("build_input_shape").done();
        for (Object o : list) s.add(Layers.deserialize((Map<String, Object>) o));
        return s;
    }
}
