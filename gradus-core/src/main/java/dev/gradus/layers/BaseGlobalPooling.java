package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The shared part of Keras's global pooling layers: the maximum or the mean over all spatial axes,
 * leaving {@code (batch, channels)}, or keeping the reduced axes with size 1 when {@code keepdims}.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseGlobalPooling<T extends BaseGlobalPooling<T>> extends SpatialLayer<T> {
    private final boolean max;
    private boolean keepdims;

    BaseGlobalPooling(int rank, boolean max) {
        super(rank);
        this.max = max;
    }

    public T keepdims(boolean keepdims) {
        this.keepdims = keepdims;
        return self();
    }

    final boolean keepdims() {
        return keepdims;
    }

    final int[] axes() {
        int first = firstSpatialAxis();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) axes[i] = first + i;
        return axes;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return max ? Ops.max(inputs, axes(), keepdims) : Ops.mean(inputs, axes(), keepdims);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] axes = axes();
        if (keepdims) {
            int[] out = inputShape.clone();
            for (int a : axes) out[a] = 1;
            return out;
        }
        return new int[] {inputShape[0], inputShape[channelAxis(inputShape.length)]};
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "data_format", dataFormat, "keepdims", keepdims);
    }

    static <L extends BaseGlobalPooling<L>> L readConfig(L layer, Config.Reader r) {
        layer.dataFormat(r.getString("data_format", null)).keepdims(r.getBoolean("keepdims", false));
        readBase(layer, r);
        r.done();
        return layer;
    }

    @Override
    protected boolean builtAtInit() {
        return true;
    }
}
