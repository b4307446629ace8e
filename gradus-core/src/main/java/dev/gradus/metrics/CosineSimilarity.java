package dev.gradus.metrics;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The cosine of the angle between {@code yTrue} and {@code yPred} along {@code axis}, averaged over
 * samples: +1 for the same direction (the loss of the same name returns its negative).
 *
 * <p>Keras 3.16 leaves {@code axis} out of this metric's config, so a reloaded metric silently goes
 * back to -1; Gradus writes it, so that the config round-trips.
 */
public class CosineSimilarity extends MeanMetricWrapper {
    private int axis = -1;

    public CosineSimilarity() {
        super("cosine_similarity");
    }

    /** The axis the per-sample value is computed along. Default -1. */
    public CosineSimilarity axis(int axis) {
        this.axis = axis;
        return this;
    }

    public int axis() {
        return axis;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return CoreFunctions.cosineSimilarity(yTrue, yPred, axis);
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "axis", axis);
    }
}
