package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Categorical crossentropy with integer class labels. With {@code ignoreClass}, labels of that class
 * (e.g. -1 or 255 for "void" pixels) give 0 and are left out of the reduction: the default reduction
 * divides by the number of labels that are not ignored.
 */
public class SparseCategoricalCrossentropy extends FluentLoss<SparseCategoricalCrossentropy> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<SparseCategoricalCrossentropy> ARGS = KerasArgs.of(SparseCategoricalCrossentropy.class, SparseCategoricalCrossentropy::new)
            .bool("from_logits", SparseCategoricalCrossentropy::fromLogits, SparseCategoricalCrossentropy::fromLogits)
            .integerOrNull("ignore_class", SparseCategoricalCrossentropy::ignoreClass, SparseCategoricalCrossentropy::ignoreClass)
            .integer("axis", SparseCategoricalCrossentropy::axis, SparseCategoricalCrossentropy::axis);

    private boolean fromLogits;
    private Integer ignoreClass;
    private int axis = -1;

    public SparseCategoricalCrossentropy() {
        super("sparse_categorical_crossentropy");
    }

    public SparseCategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** A label to ignore, or null for none. */
    public SparseCategoricalCrossentropy ignoreClass(Integer ignoreClass) {
        this.ignoreClass = ignoreClass;
        return this;
    }

    public SparseCategoricalCrossentropy axis(int axis) {
        this.axis = axis;
        return this;
    }

    public boolean fromLogits() { return fromLogits; }
    public Integer ignoreClass() { return ignoreClass; }
    public int axis() { return axis; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Losses.sparseCategoricalCrossentropy(a[0], a[1], fromLogits, ignoreClass, axis);
    }

    @Override
    protected Tensor valuesMask(Tensor yTrue, Tensor yPred, Tensor values) {
        if (ignoreClass == null) return null;
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Ops.reshape(Losses.validMask(Losses.squeezeLabels(a[0], a[1]), ignoreClass), values.shape());
    }
}
