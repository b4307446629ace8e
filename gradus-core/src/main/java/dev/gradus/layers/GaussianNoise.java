package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.Map;

/**
 * Keras's GaussianNoise: adds zero-mean normal noise of standard deviation {@code stddev} (Keras
 * requires it in [0, 1]) during training, a regularizer against overfitting on real-valued inputs;
 * at inference the input passes through.
 */
public final class GaussianNoise extends RandomNoise<GaussianNoise> {
    public GaussianNoise(double stddev) {
        super("stddev", stddev);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || amount == 0) return inputs;
        return Ops.add(inputs, Ops.mul(standardNormal(inputs.shape().dims()), amount));
    }

    public static GaussianNoise fromConfig(Map<String, Object> config) {
        return fromConfig("GaussianNoise", "stddev", config, (stddev, r) -> new GaussianNoise(stddev));
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
