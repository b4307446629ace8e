package dev.gradus.metrics;

/**
 * Pearson's correlation between {@code yTrue} and {@code yPred} along {@code axis} for each sample
 * (population standard deviations), averaged over samples.
 */
public class PearsonCorrelation extends AxisMeanMetric<PearsonCorrelation> {
    public PearsonCorrelation() {
        super("pearson_correlation", CoreFunctions::pearsonCorrelation);
    }
}
