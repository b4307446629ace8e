package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * The shared part of Keras's merge layers: a list of inputs, one output. Add and Multiply combine
 * elementwise (shapes equal, or broadcasting where one side is 1); a subclass writes {@link #merge}.
 */
public abstract class Merge extends Layer {

    /** Combines the inputs (at least one). */
    protected abstract Tensor merge(List<Tensor> inputs);

    /** {@code op(...op(op(inputs[0], inputs[1]), inputs[2])..., inputs[n-1])}: the elementwise fold of Add and Multiply. */
    static Tensor fold(List<Tensor> inputs, BinaryOperator<Tensor> op) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) out = op.apply(out, inputs.get(i));
        return out;
    }

    @Override
    public final Tensor call(Tensor inputs, boolean training) {
        throw new IllegalArgumentException("A merge layer (" + getClass().getSimpleName() + " '" + name()
                + "') should be called on a list of inputs, got a single tensor of shape " + inputs.shape());
    }

    @Override
    public final Tensor call(List<Tensor> inputs, boolean training) {
        List<int[]> shapes = new java.util.ArrayList<>();
        for (Tensor t : inputs) shapes.add(t.shape().dims());
        computeOutputShapes(shapes); // validates, with the layer's name in the message
        return merge(inputs);
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        if (inputShapes.isEmpty()) throw new IllegalArgumentException("A merge layer should be called on a list of at least 1 input, got 0");
        computeOutputShapes(inputShapes);
    }

    @Override
    protected void build(int[] inputShape) {
        throw new IllegalArgumentException("A merge layer (" + getClass().getSimpleName() + " '" + name()
                + "') should be called on a list of inputs, got a single input of shape " + formatShape(inputShape));
    }

    /** Keras's elementwise output shape: equal dimensions, or 1 / unknown on one side. */
    @Override
    public int[] computeOutputShapes(List<int[]> inputShapes) {
        int rank = 0;
        for (int[] s : inputShapes) rank = Math.max(rank, s.length);
        int[] out = new int[rank];
        java.util.Arrays.fill(out, 1);
        for (int[] s : inputShapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i, d = s[i], cur = out[o];
                if (cur == 1 || cur == NONE && d != 1) out[o] = d;
                else if (d != 1 && d != NONE && cur != d) throw new IllegalArgumentException("Inputs of layer '" + name()
                        + "' have incompatible shapes: " + shapes(inputShapes));
            }
        }
        return out;
    }

    static String shapes(List<int[]> shapes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shapes.size(); i++) sb.append(i == 0 ? "" : ", ").append(formatShape(shapes.get(i)));
        return sb.append("]").toString();
    }

    static <L extends Merge> L readConfig(L layer, Map<String, Object> config) {
        Config.Reader r = Config.read(layer.getClass().getSimpleName(), config);
        readBase(layer, r);
        r.done();
        return layer;
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
