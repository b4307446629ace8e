package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.atLeastRank1;
import static dev.gradus.losses.LossSupport.notNull;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;
import java.util.Arrays;

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
        return compute(a[0], a[1], fromLogits, ignoreClass, axis);
    }

    @Override
    protected Tensor valuesMask(Tensor yTrue, Tensor yPred, Tensor values) {
        if (ignoreClass == null) return null;
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return Ops.reshape(validMask(LossSupport.squeezeLabels(a[0], a[1]), ignoreClass), values.shape());
    }

    /**
     * Categorical crossentropy with integer labels: y_true holds class indices (a trailing axis of
     * size 1 is squeezed) and has y_pred's shape without {@code axis}. Labels equal to
     * {@code ignoreClass} give a loss of 0 (the class form also masks them out of the reduction).
     */
    static Tensor compute(Tensor yTrue, Tensor yPred, boolean fromLogits, Integer ignoreClass, int axis) {
        String fn = "sparse_categorical_crossentropy";
        notNull(fn, "y_true", yTrue);
        notNull(fn, "y_pred", yPred);
        atLeastRank1(fn, yPred);
        yTrue = LossSupport.squeezeLabels(yTrue, yPred);
        int ax = LossSupport.axis(fn, yPred, axis);
        int[] expected = without(yPred.shape().dims(), ax);
        if (!Arrays.equals(yTrue.shape().dims(), expected)) throw new IllegalArgumentException(fn + ": y_true of shape "
                + yTrue.shape() + " does not match y_pred of shape " + yPred.shape() + "; expected y_true of shape "
                + Shape.of(expected) + " (or with a trailing axis of size 1)");
        LossSupport.classIndices(fn, yTrue, yPred.dim(ax), ignoreClass == null ? null : (double) ignoreClass);
        Tensor labels = yTrue, valid = null;
        if (ignoreClass != null) {
            valid = validMask(yTrue, ignoreClass);
            labels = Ops.mul(yTrue, valid);
        }
        Tensor logProb = CategoricalCrossentropy.logProbabilities(yPred, fromLogits, ax);
        Tensor index = Ops.expandDims(Ops.stopGradient(labels), ax);
        Tensor loss = Ops.neg(Ops.squeeze(Ops.takeAlongAxis(logProb, index, ax), ax));
        return valid == null ? loss : Ops.where(valid, loss, Tensor.scalar(0));
    }

    static int[] without(int[] dims, int axis) {
        int[] out = new int[dims.length - 1];
        for (int i = 0, k = 0; i < dims.length; i++) if (i != axis) out[k++] = dims[i];
        return out;
    }

    /** 1 where the label is not {@code ignoreClass}; labels are squeezed as the loss squeezes them. */
    static Tensor validMask(Tensor yTrue, int ignoreClass) {
        return Ops.notEqual(yTrue, Tensor.scalar(ignoreClass));
    }
}
