package dev.gradus.metrics;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.KerasArgs;

/**
 * How often the one-hot label's class is among the {@code k} largest predictions. Ties at the
 * boundary count as hits (a hit is fewer than {@code k} strictly larger scores), as TF's in_top_k.
 */
public class TopKCategoricalAccuracy extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<TopKCategoricalAccuracy> ARGS = KerasArgs.of(TopKCategoricalAccuracy.class, TopKCategoricalAccuracy::new)
            .integer("k", TopKCategoricalAccuracy::k, TopKCategoricalAccuracy::k);

    private int k = 5;

    public TopKCategoricalAccuracy() {
        super("top_k_categorical_accuracy", Direction.UP);
    }

    /** Number of top predictions to look at; at least 1. Default 5. */
    public TopKCategoricalAccuracy k(int k) {
        this.k = Check.atLeast("TopKCategoricalAccuracy: k", k, 1);
        return this;
    }

    public int k() {
        return k;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return compute(yTrue, yPred, k);
    }

    /** 1 where the one-hot target's class is among the {@code k} largest predictions. */
    static Tensor compute(Tensor yTrue, Tensor yPred, int k) {
        CoreShapes.require("top_k_categorical_accuracy", "yTrue", yTrue);
        return SparseTopKCategoricalAccuracy.sparseTopK("top_k_categorical_accuracy", Ops.argmax(yTrue, -1), yPred, k, false);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public TopKCategoricalAccuracy name(String name) {
        super.name(name);
        return this;
    }
}
