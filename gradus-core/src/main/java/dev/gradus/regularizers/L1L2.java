package dev.gradus.regularizers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * {@code l1 * sum(|x|) + l2 * sum(x^2)}. Both factors default to 0 here, as Keras's class does
 * (so {@code new L1L2().l2(0.1)} is a pure L2 penalty); a factor of 0 adds no term.
 */
public final class L1L2 extends BaseRegularizer {
    private float l1 = 0f;
    private float l2 = 0f;

    public L1L2() {}

    public L1L2(double l1, double l2) {
        l1(l1);
        l2(l2);
    }

    public L1L2 l1(double l1) {
        this.l1 = factor("l1", l1);
        return this;
    }

    public L1L2 l2(double l2) {
        this.l2 = factor("l2", l2);
        return this;
    }

    @Override
    protected Tensor penalty(Tensor x) {
        Tensor total = Tensor.scalar(0);
        if (l1 != 0) total = Ops.add(total, l1Penalty(x, l1));
        if (l2 != 0) total = Ops.add(total, l2Penalty(x, l2));
        return total;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("l1", Config.clean(l1), "l2", Config.clean(l2));
    }

    static L1L2 fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("L1L2", config);
        L1L2 out = new L1L2(r.getDouble("l1", 0.0), r.getDouble("l2", 0.0));
        r.done();
        return out;
    }
}
