package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.Map;

/**
 * Keras's GaussianDropout: multiplies the inputs by normal noise of mean 1 and standard deviation
 * {@code sqrt(rate / (1 - rate))} during training (dropout's variance without zeros); at inference
 * the input passes through.
 */
public final class GaussianDropout extends RandomNoise<GaussianDropout> {
    public GaussianDropout(double rate) {
        super("rate", rate);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || amount == 0) return inputs;
        double stddev = Math.sqrt(amount / (1 - amount));
        return Ops.mul(inputs, Ops.add(Ops.mul(standardNormal(inputs.shape().dims()), stddev), 1.0));
    }

    public static GaussianDropout fromConfig(Map<String, Object> config) {
        return fromConfig("GaussianDropout", "rate", config, (rate, r) -> new GaussianDropout(rate));
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
