package dev.gradus.metrics;

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
        super("cosine_similarity", CoreFunctions::cosineSimilarity);
    }
}
