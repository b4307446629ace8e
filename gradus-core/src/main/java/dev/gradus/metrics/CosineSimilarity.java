package dev.gradus.metrics;

import static dev.gradus.metrics.CoreFunctions.EPSILON;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/**
 * The cosine of the angle between {@code yTrue} and {@code yPred} along {@code axis}, averaged over
 * samples: +1 for the same direction (the loss of the same name returns its negative).
 *
 * <p>Keras 3.16 leaves {@code axis} out of this metric's config, so a reloaded metric silently goes
 * back to -1; Gradus writes it, so that the config round-trips.
 */
public class CosineSimilarity extends AxisMeanMetric<CosineSimilarity> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CosineSimilarity> ARGS = KerasArgs.of(CosineSimilarity.class, CosineSimilarity::new);

    public CosineSimilarity() {
        super("cosine_similarity", CosineSimilarity::compute);
    }

    /** {@code sum(l2n(yTrue) * l2n(yPred))} over {@code axis}: +1 for the same direction. */
    static Tensor compute(Tensor yTrue, Tensor yPred, int axis) {
        Tensor[] a = CoreShapes.aligned("cosine_similarity", yTrue, yPred);
        // Keras clamps the squared norm at epsilon^2 (keras.ops.normalize).
        Tensor t = Ops.l2Normalize(a[0], axis, EPSILON * EPSILON);
        Tensor p = Ops.l2Normalize(a[1], axis, EPSILON * EPSILON);
        return Ops.sum(Ops.mul(t, p), axis);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public CosineSimilarity name(String name) {
        super.name(name);
        return this;
    }
}
