package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The elementwise minimum of its inputs, as Keras's Minimum. */
public final class Minimum extends Merge {
    @Override
    public Minimum name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public Minimum trainable(boolean trainable) {
        super.trainable(trainable);
        return this;
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return fold(inputs, Ops::minimum);
    }

    public static Minimum fromConfig(Map<String, Object> config) {
        return readConfig(new Minimum(), config);
    }
}
