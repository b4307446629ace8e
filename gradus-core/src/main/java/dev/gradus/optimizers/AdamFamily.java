package dev.gradus.optimizers;

import dev.gradus.util.KerasArgs;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The arguments of Adam's family ({@link Adam}, {@link AdamW}, {@link Adamax}, {@link Nadam},
 * {@link RAdam}, {@link Lamb}, {@link ScheduleFreeAdamW}): {@code beta_1}, {@code beta_2} and {@code epsilon}, with Keras's
 * defaults 0.9, 0.999 and 1e-7, their setters, checks and config. A subclass writes its rule.
 */
abstract class AdamFamily<T extends AdamFamily<T>> extends FluentOptimizer<T> {
    /** Keras's arguments the family shares, declared once for all of its optimizers. */
    @SuppressWarnings("rawtypes")
    static final KerasArgs<AdamFamily> ARGS = KerasArgs.shared(AdamFamily.class)
            .real("beta_1", AdamFamily::beta1, AdamFamily::beta1)
            .real("beta_2", AdamFamily::beta2, AdamFamily::beta2)
            .real("epsilon", AdamFamily::epsilon, AdamFamily::epsilon);

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
    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

}
