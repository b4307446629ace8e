package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
/** Lin's concordance correlation along {@code axis} for each sample, averaged over samples. */
public class ConcordanceCorrelation extends AxisMeanMetric<ConcordanceCorrelation> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<ConcordanceCorrelation> ARGS = KerasArgs.of(ConcordanceCorrelation.class, ConcordanceCorrelation::new);

    public ConcordanceCorrelation() {
        super("concordance_correlation", CoreFunctions::concordanceCorrelation);
    }
}
