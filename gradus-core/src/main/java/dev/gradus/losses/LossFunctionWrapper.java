package dev.gradus.losses;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link LossFunction} made into a {@link Loss}: y_true and y_pred get Keras's rank alignment,
 * then the function's values are weighted and reduced like any loss's. {@link Losses#get} builds one
 * for a lambda and for a Keras function name such as {@code "mse"}.
 */
public class LossFunctionWrapper extends FluentLoss<LossFunctionWrapper> {
    private final LossFunction fn;
    private final String fnName;

    /** Wraps a user's function; its config cannot name the function, so it does not round-trip. */
    public LossFunctionWrapper(LossFunction fn) {
        this(fn, null, null);
    }

    LossFunctionWrapper(LossFunction fn, String fnName, String name) {
        super(name);
        this.fn = Objects.requireNonNull(fn, "fn");
        this.fnName = fnName;
    }

    public LossFunction fn() {
        return fn;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return fn.call(a[0], a[1]);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        return fnName == null ? config : Config.with(config, "fn", fnName);
    }

    public static LossFunctionWrapper fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("LossFunctionWrapper", config);
        String fnName = r.getString("fn", null);
        if (fnName == null) throw new IllegalArgumentException("LossFunctionWrapper: the config has no 'fn'; "
                + "a lambda cannot be rebuilt from a config, register a Loss subclass with Losses.register instead");
        LossFunction fn = Losses.function(fnName);
        return fromBaseConfig(new LossFunctionWrapper(fn, fnName, fnName), config, r);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && ((LossFunctionWrapper) o).fn == fn;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + System.identityHashCode(fn);
    }
}
