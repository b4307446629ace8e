package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The elementwise maximum of its inputs, as Keras's Maximum. */
public final class Maximum extends Merge {
    @Override
    public Maximum name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public Maximum trainable(boolean trainable) {
        super.trainable(trainable);
        return this;
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return fold(inputs, Ops::maximum);
    }

    public static Maximum fromConfig(Map<String, Object> config) {
        return readConfig(new Maximum(), config);
    }
}
