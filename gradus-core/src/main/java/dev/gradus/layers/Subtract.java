package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The difference of exactly two inputs, {@code inputs[0] - inputs[1]}, as Keras's Subtract. */
public final class Subtract extends Merge {
    @Override
    public Subtract name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public Subtract trainable(boolean trainable) {
        super.trainable(trainable);
        return this;
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return Ops.sub(inputs.get(0), inputs.get(1));
    }

    /** Keras requires exactly two inputs. */
    @Override
    public int[] computeOutputShapes(List<int[]> inputShapes) {
        if (inputShapes.size() != 2) throw new IllegalArgumentException("A `Subtract` layer ('" + name()
                + "') should be called on exactly 2 inputs, got " + inputShapes.size() + ": " + shapes(inputShapes));
        return super.computeOutputShapes(inputShapes);
    }

    public static Subtract fromConfig(Map<String, Object> config) {
        return readConfig(new Subtract(), config);
    }
}
