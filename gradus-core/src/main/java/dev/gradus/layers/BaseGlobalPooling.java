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
public abstract class BaseGlobalPooling<T extends BaseGlobalPooling<T>> extends Layer {
    private final int rank;
    private final boolean max;
    private String dataFormat = "channels_last";
    private boolean keepdims;

    BaseGlobalPooling(int rank, boolean max) {
        this.rank = rank;
        this.max = max;
        inputRank(rank + 2);
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    @Override
    public T name(String name) {
        super.name(name);
        return self();
    }

    @Override
    public T trainable(boolean trainable) {
        super.trainable(trainable);
        return self();
    }

    public T dataFormat(String dataFormat) {
        this.dataFormat = LayerArgs.dataFormat(dataFormat);
        return self();
    }

    public T keepdims(boolean keepdims) {
        this.keepdims = keepdims;
        return self();
    }

    private int[] axes() {
        int first = dataFormat.equals("channels_last") ? 1 : 2;
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
        return new int[] {inputShape[0], inputShape[dataFormat.equals("channels_last") ? inputShape.length - 1 : 1]};
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
}
