package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** Every element set to {@code value} (0 by default). */
public final class Constant extends BaseInitializer {
    private double value = 0.0;

    public Constant() {}

    public Constant(double value) {
        value(value);
    }

    public Constant value(double value) {
        this.value = Check.finite("value", value);
        return this;
    }

    @Override
    protected Tensor generate(Shape shape) {
        return Tensor.full(value, shape);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("value", value);
    }

    static Constant fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Constant", config);
        Constant c = new Constant(r.getDouble("value", 0.0));
        r.done();
        return c;
    }
}
