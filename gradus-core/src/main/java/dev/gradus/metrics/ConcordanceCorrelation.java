package dev.gradus.metrics;

import static dev.gradus.metrics.CoreFunctions.EPSILON;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/** Lin's concordance correlation along {@code axis} for each sample, averaged over samples. */
public class ConcordanceCorrelation extends AxisMeanMetric<ConcordanceCorrelation> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<ConcordanceCorrelation> ARGS = KerasArgs.of(ConcordanceCorrelation.class, ConcordanceCorrelation::new);

    public ConcordanceCorrelation() {
        super("concordance_correlation", ConcordanceCorrelation::compute);
    }

    /**
     * Lin's concordance coefficient over {@code axis} per sample. Keras centres {@code yTrue} on the
     * mean of {@code yPred} in the covariance term; that is kept so that the numbers agree.
     */
    static Tensor compute(Tensor yTrue, Tensor yPred, int axis) {
        Tensor[] a = CoreShapes.aligned("concordance_correlation", yTrue, yPred);
        int[] ax = {axis};
        Tensor trueMean = Ops.mean(a[0], ax, true);
        Tensor predMean = Ops.mean(a[1], ax, true);
        Tensor trueVar = Ops.variance(Ops.sub(a[0], trueMean), ax, true);
        Tensor predVar = Ops.variance(Ops.sub(a[1], predMean), ax, true);
        Tensor covar = Ops.mul(Ops.sub(a[0], predMean), Ops.sub(a[1], predMean));
        Tensor norm = Ops.add(Ops.add(trueVar, predVar), Ops.square(Ops.sub(trueMean, predMean)));
        return Ops.mean(Ops.div(Ops.mul(covar, 2), Ops.add(norm, EPSILON)), axis);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public ConcordanceCorrelation name(String name) {
        super.name(name);
        return this;
    }
}
