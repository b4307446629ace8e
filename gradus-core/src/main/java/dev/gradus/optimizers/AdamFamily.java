package dev.gradus.optimizers;

import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The arguments of Adam's family ({@link Adam}, {@link AdamW}, {@link Adamax}, {@link Nadam},
 * {@link RAdam}, {@link Lamb}): {@code beta_1}, {@code beta_2} and {@code epsilon}, with Keras's
 * defaults 0.9, 0.999 and 1e-7, their setters, checks and config. A subclass writes its rule.
 */
abstract class AdamFamily<T extends AdamFamily<T>> extends FluentOptimizer<T> {
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7;

    AdamFamily(String name, double learningRate) {
        super(name, learningRate);
    }

    /** Decay rate of the first moment, in [0, 1). */
    public T beta1(double beta1) {
        this.beta1 = Check.inHalfOpenRange("beta_1", beta1, 0, 1);
        return self();
    }

    /** Decay rate of the second moment, in [0, 1). */
    public T beta2(double beta2) {
        this.beta2 = Check.inHalfOpenRange("beta_2", beta2, 0, 1);
        return self();
    }

    /** A small constant added to the denominator for numerical stability, at least 0. */
    public T epsilon(double epsilon) {
        this.epsilon = Check.nonNegative("epsilon", epsilon);
        return self();
    }

    @Override
    protected Map<String, Object> ownConfig() {
        return Config.of("beta_1", beta1, "beta_2", beta2, "epsilon", epsilon);
    }

    /** Reads this family's own keys (after {@link #readBase}). */
    void readOwn(Config.Reader r) {
        beta1(r.getDouble("beta_1", 0.9));
        beta2(r.getDouble("beta_2", 0.999));
        epsilon(r.getDouble("epsilon", 1e-7));
    }

    /** Keras's config of the optimizer class {@code className}: the base arguments, then the family's own. */
    static <T extends AdamFamily<T>> T readConfig(String className, Map<String, Object> config, Supplier<T> constructor) {
        Config.Reader r = Config.read(className, config);
        T o = constructor.get();
        readBase(r, o);
        o.readOwn(r);
        r.done();
        return o;
    }
}
