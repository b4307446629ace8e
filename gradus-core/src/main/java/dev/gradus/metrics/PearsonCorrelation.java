package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
/**
 * Pearson's correlation between {@code yTrue} and {@code yPred} along {@code axis} for each sample
 * (population standard deviations), averaged over samples.
 */
public class PearsonCorrelation extends AxisMeanMetric<PearsonCorrelation> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<PearsonCorrelation> ARGS = KerasArgs.of(PearsonCorrelation.class, PearsonCorrelation::new);

    public PearsonCorrelation() {
        super("pearson_correlation", CoreFunctions::pearsonCorrelation);
    }
}
