package dev.gradus.layers;

import java.util.List;
import java.util.Map;

/**
 * A symbolic tensor of a functional graph, as Keras's {@code KerasTensor}: a shape (batch axis
 * included, {@link Layer#NONE} where unknown) and the layer call that produced it.
 * {@link Input#of} makes one; {@link Layer#apply(KerasTensor)} makes the next.
 */
public final class KerasTensor {
    private final int[] shape;
    private final Layer layer;
    private final List<KerasTensor> inputs;
    private final boolean listCall;
    /** Every output of the call that made this tensor, in order (just this one for a single-output call). */
    private List<KerasTensor> callOutputs;
    private final int index;
    /** The call's Keras arguments besides the inputs (MultiHeadAttention's use_causal_mask ...); empty for most calls. */
    private Map<String, Object> arguments = Map.of();

    KerasTensor(int[] shape, Layer layer, List<KerasTensor> inputs, boolean listCall) {
        this(shape, layer, inputs, listCall, 0);
        this.callOutputs = List.of(this);
    }

    private KerasTensor(int[] shape, Layer layer, List<KerasTensor> inputs, boolean listCall, int index) {
        this.shape = shape.clone();
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.listCall = listCall;
        this.index = index;
    }

    /** The outputs of one call of a layer with several outputs (return_state, merge_mode=None, attention scores). */
    static List<KerasTensor> outputsOf(List<int[]> shapes, Layer layer, List<KerasTensor> inputs, boolean listCall,
                                       Map<String, ?> arguments) {
        List<KerasTensor> outs = new java.util.ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) outs.add(new KerasTensor(shapes.get(i), layer, inputs, listCall, i));
        List<KerasTensor> all = List.copyOf(outs);
        Map<String, Object> args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
        for (KerasTensor t : all) {
            t.callOutputs = all;
            t.arguments = args;
        }
        return all;
    }

    /** The Keras call arguments of the call that made this tensor, besides its inputs (Keras's node kwargs). */
    public Map<String, Object> arguments() {
        return arguments;
    }

    /** Which output of its call this is (Keras's {@code keras_history} tensor index): 0 for a single-output call. */
    public int index() {
        return index;
    }

    /**
     * All outputs of the call that produced this tensor, this one among them; the first stands for
     * the call (a functional model runs each call once and hands each output its share).
     */
    public List<KerasTensor> callOutputs() {
        return callOutputs;
    }

    /** The shape, batch axis included; {@link Layer#NONE} (-1) marks an unknown dimension. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /**
     * Keras's {@code KerasTensor.name} for a graph input: the input's name ({@code Input.of("title", ...)}),
     * which keys it in maps of data; for another tensor, the name of the layer that produced it.
     */
    public String name() {
        return layer.name();
    }

    /** The layer whose call produced this tensor (an {@link InputLayer} for a graph input). */
    public Layer layer() {
        return layer;
    }

    /** The symbolic inputs of that call (empty for a graph input). */
    public List<KerasTensor> inputs() {
        return inputs;
    }

    /** Whether the producing call received its inputs as a list (merge layers, multi-input models). */
    public boolean listCall() {
        return listCall;
    }

    @Override
    public String toString() {
        return "<KerasTensor shape=" + Layer.formatShape(shape) + ", name=" + layer.name() + ">";
    }
}
