package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import java.util.Map;

/** The harmonic mean of precision and recall: {@link FBetaScore} with beta 1 (its config has no beta). */
public class F1Score extends FBetaScore {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<F1Score> ARGS = KerasArgs.of(F1Score.class, F1Score::new);

    public F1Score() {
        super("f1_score", 1.0);
    }

    /** F1 is F-beta at beta 1; use {@link FBetaScore} for another beta. */
    @Override
    public FBetaScore beta(double beta) {
        throw new IllegalArgumentException("F1Score: beta is fixed at 1, got " + beta + "; use FBetaScore for another beta");
    }

    @Override
    public F1Score average(String average) {
        super.average(average);
        return this;
    }

    @Override
    public F1Score threshold(Double threshold) {
        super.threshold(threshold);
        return this;
    }

    /** FBetaScore's config without {@code beta}, as Keras's F1Score writes it. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = super.getConfig();
        config.remove("beta");
        return config;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public F1Score name(String name) {
        super.name(name);
        return this;
    }
}
