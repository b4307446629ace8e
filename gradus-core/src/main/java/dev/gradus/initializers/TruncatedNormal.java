package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.RandomFill;
import java.util.Map;

/** Normal values with {@code mean} (0) and {@code stddev} (0.05), redrawn when more than two standard deviations from the mean. */
public final class TruncatedNormal extends NormalInitializer<TruncatedNormal> {

    @Override
    protected Tensor generate(Shape shape) {
        return Tensor.wrap(RandomFill.truncatedNormal(shape.size(), mean, stddev, effectiveSeed()), shape);
    }

    static TruncatedNormal fromConfig(Map<String, Object> config) {
        return readConfig(new TruncatedNormal(), "TruncatedNormal", config);
    }
}
