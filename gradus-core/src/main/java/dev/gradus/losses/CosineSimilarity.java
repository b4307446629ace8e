package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;
import static dev.gradus.losses.LossSupport.aligned;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/** Minus the cosine similarity along {@code axis}: -1 for the same direction, 0 for orthogonal vectors. */
public class CosineSimilarity extends FluentLoss<CosineSimilarity> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CosineSimilarity> ARGS = KerasArgs.of(CosineSimilarity.class, CosineSimilarity::new)
            .integer("axis", CosineSimilarity::axis, CosineSimilarity::axis);

    private int axis = -1;

    public CosineSimilarity() {
        super("cosine_similarity");
    }

    /** The features axis (checked against the inputs' rank when called). */
    public CosineSimilarity axis(int axis) {
        this.axis = axis;
        return this;
    }

    public int axis() { return axis; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1], axis);
    }

    /**
     * {@code -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)}: between -1 and 1, where -1
     * means the same direction. A zero vector gives 0.
     */
    static Tensor compute(Tensor yTrue, Tensor yPred, int axis) {
        Tensor[] a = aligned("cosine_similarity", yTrue, yPred);
        Shape s = Shape.broadcast("cosine_similarity", a[0].shape(), a[1].shape());
        int ax = Shape.normalizeAxis(axis, s.rank(), "cosine_similarity: axis");
        return Ops.neg(Ops.sum(Ops.mul(normalize(a[0], axis), normalize(a[1], axis)), ax - s.rank()));
    }

    /** Keras's l2 normalisation: x * rsqrt(max(sum(x^2), eps^2)), so a zero vector stays zero. */
    static Tensor normalize(Tensor x, int axis) {
        int ax = LossSupport.axis("cosine_similarity", x, axis);
        Tensor squareSum = Ops.sum(Ops.square(x), new int[] {ax}, true);
        return Ops.mul(x, Ops.rsqrt(Ops.maximum(squareSum, EPSILON * EPSILON)));
    }
}
