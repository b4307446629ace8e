package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** Repeats each step of {@code (batch, steps, features)} {@code size} times, as Keras's UpSampling1D (default 2). */
public final class UpSampling1D extends FluentLayer<UpSampling1D> {
    private final int size;

    public UpSampling1D() {
        this(2);
    }

    public UpSampling1D(int size) {
        this.size = Check.atLeast("size", size, 1);
        inputRank(3);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return Ops.repeat(inputs, size, 1);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = inputShape.clone();
        if (out[1] != NONE) out[1] *= size;
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "size", size);
    }

    public static UpSampling1D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("UpSampling1D", config);
        UpSampling1D layer = new UpSampling1D(r.getInt("size", 2));
        readBase(layer, r);
        r.done();
        return layer;
    }

    @Override
    protected boolean builtAtInit() {
        return true;
    }
}
