package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.Map;

/** Normal values with {@code mean} (0) and {@code stddev} (0.05). */
public final class RandomNormal extends NormalInitializer<RandomNormal> {

    @Override
    protected Tensor generate(Shape shape) {
        return Tensor.randomNormal(shape, mean, stddev, effectiveSeed());
    }

    static RandomNormal fromConfig(Map<String, Object> config) {
        return readConfig(new RandomNormal(), "RandomNormal", config);
    }
}
