package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/** Repeats each sample vector {@code n} times: {@code (batch, features)} to {@code (batch, n, features)}. */
public final class RepeatVector extends FluentLayer<RepeatVector> {
    private final int n;

    public RepeatVector(int n) {
        this.n = Check.atLeast("n", n, 1);
        inputRank(2);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return Ops.repeat(Ops.expandDims(inputs, 1), n, 1);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return new int[] {inputShape[0], n, inputShape[1]};
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "n", n);
    }

    public static RepeatVector fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("RepeatVector", config);
        RepeatVector layer = new RepeatVector(r.getInt("n", 0));
        readBase(layer, r);
        r.done();
        return layer;
    }
}
