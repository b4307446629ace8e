package dev.gradus.layers;

import java.util.List;

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

    KerasTensor(int[] shape, Layer layer, List<KerasTensor> inputs, boolean listCall) {
        this.shape = shape.clone();
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.listCall = listCall;
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
