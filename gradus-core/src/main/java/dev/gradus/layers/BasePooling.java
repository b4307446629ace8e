package dev.gradus.layers;

import dev.gradus.util.Check;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The shared part of Keras's max and average pooling layers ({@code BasePooling}): window, strides
 * (the window by default), padding, data format and config. 1-d pooling runs as 2-d pooling over a
 * height of 1.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BasePooling<T extends BasePooling<T>> extends SpatialLayer<T> {
    private final boolean max;
    private final int[] poolSize;
    private int[] strides;
    private String padding = "valid";

    BasePooling(int rank, boolean max, int[] poolSize) {
        super(rank);
        this.max = max;
        this.poolSize = LayerArgs.tuple("pool_size", poolSize, rank, 1);
        this.strides = this.poolSize.clone();
    }

    /** The step between windows; Keras's {@code strides=None} means the pool size. */
    public T strides(int... strides) {
        this.strides = strides == null ? poolSize.clone() : LayerArgs.tuple("strides", strides, rank, 1);
        return self();
    }

    public T padding(String padding) {
        this.padding = LayerArgs.padding(padding, false);
        return self();
    }

    public T padding(Padding padding) {
        return padding(Check.notNull("padding", padding).keras());
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor x = inputs;
        boolean first = !channelsLast();
        if (first) x = rank == 1 ? Ops.transpose(x, 0, 2, 1) : Ops.transpose(x, 0, 2, 3, 1);
        Tensor out;
        if (rank == 1) {
            Tensor x2 = Ops.expandDims(x, 1); // (batch, 1, steps, channels)
            int[] p = {1, poolSize[0]}, s = {1, strides[0]};
            out = Ops.squeeze(max ? Ops.maxPool2d(x2, p, s, padding) : Ops.avgPool2d(x2, p, s, padding), 1);
        } else {
            out = max ? Ops.maxPool2d(x, poolSize, strides, padding) : Ops.avgPool2d(x, poolSize, strides, padding);
        }
        if (first) out = rank == 1 ? Ops.transpose(out, 0, 2, 1) : Ops.transpose(out, 0, 3, 1, 2);
        return out;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = inputShape.clone();
        int firstSpatial = firstSpatialAxis();
        for (int i = 0; i < rank; i++) {
            int in = inputShape[firstSpatial + i];
            int len = LayerArgs.outputLength(in, poolSize[i], strides[i], 1, padding);
            if (len == 0) throw new IllegalArgumentException("layer '" + name() + "': the pool size " + LayerArgs.list(poolSize)
                    + " does not fit the input shape " + formatShape(inputShape) + " with \"valid\" padding");
            out[firstSpatial + i] = len;
        }
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "pool_size", LayerArgs.list(poolSize), "padding", padding,
                "strides", LayerArgs.list(strides), "data_format", dataFormat);
    }

    static int[] poolSizeOf(Config.Reader r, int rank) {
        return LayerArgs.ints(r, "pool_size", rank == 1 ? new int[] {2} : new int[] {2, 2});
    }

    static <L extends BasePooling<L>> L readConfig(L layer, Config.Reader r) {
        int[] s = LayerArgs.ints(r, "strides", null);
        layer.strides(s).padding(r.getString("padding", "valid")).dataFormat(r.getString("data_format", null));
        readBase(layer, r);
        r.done();
        return layer;
    }

    @Override
    protected boolean builtAtInit() {
        return true;
    }
}
