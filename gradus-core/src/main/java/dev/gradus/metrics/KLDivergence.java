package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;

/** Kullback-Leibler divergence {@code sum(yTrue * log(yTrue / yPred))}, both clipped to [1e-7, 1]. */
public class KLDivergence extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<KLDivergence> ARGS = KerasArgs.of(KLDivergence.class, KLDivergence::new);

    public KLDivergence() {
        super("kl_divergence", Direction.DOWN);
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.klDivergence(yTrue, yPred);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public KLDivergence name(String name) {
        super.name(name);
        return this;
    }
}
