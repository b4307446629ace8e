package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** The elementwise product of its inputs. */
public final class Multiply extends Merge {
    @Override
    public Multiply name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public Multiply trainable(boolean trainable) {
        super.trainable(trainable);
        return this;
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return fold(inputs, Ops::mul);
    }

    public static Multiply fromConfig(Map<String, Object> config) {
        return readConfig(new Multiply(), config);
    }
}
