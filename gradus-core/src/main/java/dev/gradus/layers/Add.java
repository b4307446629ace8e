package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The elementwise sum of its inputs: {@code new Add().apply(List.of(a, b))}. */
public final class Add extends Merge {
    @Override
    public Add name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public Add trainable(boolean trainable) {
        super.trainable(trainable);
        return this;
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return fold(inputs, Ops::add);
    }

    public static Add fromConfig(Map<String, Object> config) {
        return readConfig(new Add(), config);
    }
}
