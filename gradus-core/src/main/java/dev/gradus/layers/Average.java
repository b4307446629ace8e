package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The elementwise mean of its inputs, as Keras's Average. */
public final class Average extends Merge {
    @Override
    public Average name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public Average trainable(boolean trainable) {
        super.trainable(trainable);
        return this;
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return Ops.div(fold(inputs, Ops::add), inputs.size());
    }

    public static Average fromConfig(Map<String, Object> config) {
        return readConfig(new Average(), config);
    }
}
