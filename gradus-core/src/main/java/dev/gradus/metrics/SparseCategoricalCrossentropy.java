package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.losses.Losses;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Categorical crossentropy of integer labels, averaged over samples.
 *
 * <p>With {@code ignoreClass}, ignored labels get the value 0. As in Keras (trap T8), they still
 * count in the denominator when no sample weight is given, and are left out (weight 0) when one is;
 * the loss of the same name always leaves them out.
 */
public class SparseCategoricalCrossentropy extends MeanMetricWrapper {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<SparseCategoricalCrossentropy> ARGS = KerasArgs.of(SparseCategoricalCrossentropy.class, SparseCategoricalCrossentropy::new)
            .bool("from_logits", SparseCategoricalCrossentropy::fromLogits, SparseCategoricalCrossentropy::fromLogits)
            .integerOrNull("ignore_class", SparseCategoricalCrossentropy::ignoreClass, SparseCategoricalCrossentropy::ignoreClass)
            .integer("axis", SparseCategoricalCrossentropy::axis, SparseCategoricalCrossentropy::axis);

    private boolean fromLogits = false;
    private Integer ignoreClass = null;
    private int axis = -1;

    public SparseCategoricalCrossentropy() {
        super("sparse_categorical_crossentropy", Direction.DOWN);
    }

    /** Whether {@code yPred} holds logits rather than probabilities. Default false. */
    public SparseCategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** A label value to leave out (e.g. padding). Default none. */
    public SparseCategoricalCrossentropy ignoreClass(Integer ignoreClass) {
        this.ignoreClass = ignoreClass;
        return this;
    }

    /** The class axis of {@code yPred}. Default -1. */
    public SparseCategoricalCrossentropy axis(int axis) {
        this.axis = axis;
        return this;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public Integer ignoreClass() {
        return ignoreClass;
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return Losses.sparseCategoricalCrossentropy(yTrue, yPred, fromLogits, ignoreClass, axis);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (ignoreClass == null || sampleWeight == null) {
            super.updateState(yTrue, yPred, sampleWeight);
            return;
        }
        CoreShapes.require("SparseCategoricalCrossentropy", "yTrue", yTrue);
        Tensor values = values(yTrue, yPred);
        // Keras folds the output's mask into the weight only when a weight is given.
        Tensor labels = yTrue.rank() == values.rank() + 1 && yTrue.dim(-1) == 1 ? Ops.squeeze(yTrue, -1) : yTrue;
        Tensor kept = Ops.notEqual(labels, Tensor.scalar(ignoreClass));
        Tensor[] aligned = Ops.squeezeOrExpandToSameRank(kept, sampleWeight, true);
        accumulate(values, Ops.mul(aligned[1], aligned[0]));
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public SparseCategoricalCrossentropy name(String name) {
        super.name(name);
        return this;
    }
}
