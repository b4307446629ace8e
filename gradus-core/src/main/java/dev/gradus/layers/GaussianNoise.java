package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's GaussianNoise: adds zero-mean normal noise of standard deviation {@code stddev} (Keras
 * requires it in [0, 1]) during training, a regularizer against overfitting on real-valued inputs;
 * at inference the input passes through.
 */
public final class GaussianNoise extends RandomNoise<GaussianNoise> {
    private final double stddev;

    public GaussianNoise(double stddev) {
        this.stddev = Check.inRange("stddev", stddev, 0, 1);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || stddev == 0) return inputs;
        return Ops.add(inputs, Ops.mul(standardNormal(inputs.shape().dims()), stddev));
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "stddev", stddev, "seed", seed);
    }

    public static GaussianNoise fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("GaussianNoise", config);
        GaussianNoise layer = readSeed(new GaussianNoise(r.getDouble("stddev", Double.NaN)), r);
        r.done();
        return layer;
    }
}
