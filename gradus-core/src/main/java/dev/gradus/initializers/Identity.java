package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code gain} times the identity matrix (ones on the main diagonal of a rectangular matrix); 2-d shapes only. */
public final class Identity extends BaseInitializer {
    private double gain = 1.0;

    public Identity gain(double gain) {
        this.gain = Check.finite("gain", gain);
        return this;
    }

    @Override
    protected Tensor generate(Shape shape) {
        if (shape.rank() != 2) throw new IllegalArgumentException(
                "Identity initializer can only be used for 2D matrices, got shape " + shape + " of rank " + shape.rank());
        Tensor eye = Tensor.eye(shape.get(0), shape.get(1));
        return gain == 1.0 ? eye : eye.mul(gain);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("gain", gain);
    }

    static Identity fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Identity", config);
        Identity i = new Identity().gain(r.getDouble("gain", 1.0));
        r.done();
        return i;
    }
}
