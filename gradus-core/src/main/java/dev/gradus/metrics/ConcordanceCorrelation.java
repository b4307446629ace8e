package dev.gradus.metrics;

/** Lin's concordance correlation along {@code axis} for each sample, averaged over samples. */
public class ConcordanceCorrelation extends AxisMeanMetric<ConcordanceCorrelation> {
    public ConcordanceCorrelation() {
        super("concordance_correlation", CoreFunctions::concordanceCorrelation);
    }
}
