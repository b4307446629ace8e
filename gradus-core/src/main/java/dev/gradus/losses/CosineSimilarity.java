package dev.gradus.losses;

import dev.gradus.util.KerasArgs;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

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
        return Losses.cosineSimilarity(a[0], a[1], axis);
    }
}
