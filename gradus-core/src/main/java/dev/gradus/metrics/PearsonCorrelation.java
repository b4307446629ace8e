package dev.gradus.metrics;

import static dev.gradus.metrics.CoreFunctions.EPSILON;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;

/**
 * Pearson's correlation between {@code yTrue} and {@code yPred} along {@code axis} for each sample
 * (population standard deviations), averaged over samples.
 */
public class PearsonCorrelation extends AxisMeanMetric<PearsonCorrelation> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<PearsonCorrelation> ARGS = KerasArgs.of(PearsonCorrelation.class, PearsonCorrelation::new);

    public PearsonCorrelation() {
        super("pearson_correlation", PearsonCorrelation::compute);
    }

    /** Pearson's r over {@code axis} per sample, with population standard deviations. */
    static Tensor compute(Tensor yTrue, Tensor yPred, int axis) {
        Tensor[] a = CoreShapes.aligned("pearson_correlation", yTrue, yPred);
        int[] ax = {axis};
        Tensor t = Ops.sub(a[0], Ops.mean(a[0], ax, true));
        Tensor p = Ops.sub(a[1], Ops.mean(a[1], ax, true));
        t = Ops.div(t, Ops.add(Ops.std(t, ax, true), EPSILON));
        p = Ops.div(p, Ops.add(Ops.std(p, ax, true), EPSILON));
        return Ops.mean(Ops.mul(t, p), axis);
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public PearsonCorrelation name(String name) {
        super.name(name);
        return this;
    }
}
