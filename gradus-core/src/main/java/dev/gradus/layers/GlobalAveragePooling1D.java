package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The mean over the steps of (batch, steps, channels) (channels-last by default). With a mask (from
 * {@code Embedding(mask_zero)} or {@code Masking}) it averages the valid steps only and, as Keras's,
 * consumes the mask: its output has none.
 */
public final class GlobalAveragePooling1D extends BaseGlobalPooling<GlobalAveragePooling1D> {
    public GlobalAveragePooling1D() {
        super(1, false);
    }

    /** Keras's masked mean: sum(x * mask) / sum(mask) over the steps. */
    @Override
    public Tensor call(Tensor inputs, Tensor mask, boolean training) {
        if (mask == null) return call(inputs, training);
        Tensor m = Ops.expandDims(Ops.notEqual(mask, 0), channelsLast() ? 2 : 1);
        int[] steps = axes();
        return Ops.div(Ops.sum(Ops.mul(inputs, m), steps, keepdims()), Ops.sum(m, steps, keepdims()));
    }

    @Override
    public Tensor computeMask(Tensor inputs, Tensor previousMask) {
        return null;
    }

    public static GlobalAveragePooling1D fromConfig(Map<String, Object> config) {
        return readConfig(new GlobalAveragePooling1D(), Config.read("GlobalAveragePooling1D", config));
    }

    /** Keras marks this class {@code supports_masking}: a mask passes through it. */
    @Override
    protected boolean supportsMaskingByDefault() {
        return true;
    }
}
