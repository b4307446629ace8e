package dev.gradus.regularizers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/** {@code l2 * sum(x^2)}, l2 = 0.01 by default (no factor 1/2, as in Keras). */
public final class L2 extends BaseRegularizer {
    private float l2 = 0.01f;

    public L2() {}

    public L2(double l2) {
        l2(l2);
    }

    public L2 l2(double l2) {
        this.l2 = factor("l2", l2);
        return this;
    }

    @Override
    protected Tensor penalty(Tensor x) {
        return l2Penalty(x, l2);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("l2", Config.clean(l2));
    }

    static L2 fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("L2", config);
        L2 out = new L2(r.getDouble("l2", 0.01));
        r.done();
        return out;
    }
}
