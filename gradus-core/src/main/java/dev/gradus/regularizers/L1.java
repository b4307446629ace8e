package dev.gradus.regularizers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code l1 * sum(|x|)}, l1 = 0.01 by default. */
public final class L1 extends BaseRegularizer {
    private float l1 = 0.01f;

    public L1() {}

    public L1(double l1) {
        l1(l1);
    }

    public L1 l1(double l1) {
        this.l1 = factor("l1", l1);
        return this;
    }

    @Override
    protected Tensor penalty(Tensor x) {
        return l1Penalty(x, l1);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("l1", Config.clean(l1));
    }

    static L1 fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("L1", config);
        L1 out = new L1(r.getDouble("l1", 0.01));
        r.done();
        return out;
    }
}
