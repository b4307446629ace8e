package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's GaussianDropout: multiplies the inputs by normal noise of mean 1 and standard deviation
 * {@code sqrt(rate / (1 - rate))} during training (dropout's variance without zeros); at inference
 * the input passes through.
 */
public final class GaussianDropout extends RandomNoise<GaussianDropout> {
    private final double rate;

    public GaussianDropout(double rate) {
        this.rate = Check.inRange("rate", rate, 0, 1);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || rate == 0) return inputs;
        double stddev = Math.sqrt(rate / (1 - rate));
        return Ops.mul(inputs, Ops.add(Ops.mul(standardNormal(inputs.shape().dims()), stddev), 1.0));
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "rate", rate, "seed", seed);
    }

    public static GaussianDropout fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("GaussianDropout", config);
        GaussianDropout layer = readSeed(new GaussianDropout(r.getDouble("rate", Double.NaN)), r);
        r.done();
        return layer;
    }
}
