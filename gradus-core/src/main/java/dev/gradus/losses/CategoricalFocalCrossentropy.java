package dev.gradus.losses;

import static dev.gradus.losses.LossSupport.EPSILON;
import static dev.gradus.losses.LossSupport.oneMinus;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.KerasArgs;
import java.util.ArrayList;
import java.util.List;

/**
 * Focal loss for one-hot targets: alpha (1 - q)^gamma times the crossentropy of each class, so that
 * confident correct predictions count less. alpha is one number or one per class.
 */
public class CategoricalFocalCrossentropy extends CrossentropyLoss<CategoricalFocalCrossentropy> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<CategoricalFocalCrossentropy> ARGS = KerasArgs.of(CategoricalFocalCrossentropy.class, CategoricalFocalCrossentropy::new)
            .value("alpha", (r, k) -> r.getDoubles(k), CategoricalFocalCrossentropy::alphaConfig,
                    (loss, alpha) -> loss.alpha(alpha.stream().mapToDouble(Double::doubleValue).toArray()))
            .real("gamma", CategoricalFocalCrossentropy::gamma, CategoricalFocalCrossentropy::gamma);

    private double[] alpha = {0.25};
    private double gamma = 2.0;

    public CategoricalFocalCrossentropy() {
        super("categorical_focal_crossentropy");
    }

    /** One weight for all classes, or one per class (checked against y_pred's last axis when called). */
    public CategoricalFocalCrossentropy alpha(double... alpha) {
        if (alpha == null || alpha.length == 0) throw new IllegalArgumentException("alpha must be a number or a list of numbers, got none");
        for (double a : alpha) if (!Double.isFinite(a)) throw new IllegalArgumentException("alpha must be finite, got " + a);
        this.alpha = alpha.clone();
        return this;
    }

    public CategoricalFocalCrossentropy gamma(double gamma) {
        this.gamma = LossSupport.checkGamma(gamma);
        return this;
    }

    public double[] alpha() { return alpha.clone(); }

    /** As Keras writes it: one number, or a list when there is one per class. */
    private Object alphaConfig() {
        if (alpha.length == 1) return alpha[0];
        List<Double> list = new ArrayList<>();
        for (double x : alpha) list.add(x);
        return List.copyOf(list);
    }
    public double gamma() { return gamma; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1], alpha, gamma, fromLogits, labelSmoothing, axis);
    }

    /** As above with one alpha per class (along the last axis), Keras's list form of alpha. */
    static Tensor compute(Tensor yTrue, Tensor yPred, double[] alpha, double gamma,
                                                      boolean fromLogits, double labelSmoothing, int axis) {
        String fn = "categorical_focal_crossentropy";
        LossSupport.labelSmoothing(labelSmoothing);
        LossSupport.checkGamma(gamma);
        int ax = LossSupport.sameShapeAxis(fn, yTrue, yPred, axis);
        Tensor alphaT = alphaTensor(alpha, yPred);
        Tensor t = CategoricalCrossentropy.smoothCategorical(yTrue, labelSmoothing, ax);
        Tensor p = fromLogits ? Ops.softmax(yPred, ax) : yPred;
        Tensor q = Ops.clip(CategoricalCrossentropy.renormalize(p, ax), EPSILON, 1 - EPSILON);
        Tensor cce = Ops.mul(Ops.neg(t), Ops.log(q));
        Tensor weighting = Ops.mul(Ops.pow(oneMinus(q), gamma), alphaT);
        return Ops.sum(Ops.mul(weighting, cce), ax);
    }

    static Tensor alphaTensor(double[] alpha, Tensor yPred) {
        if (alpha == null || alpha.length == 0) throw new IllegalArgumentException("alpha must be a number or a list of numbers, got none");
        if (alpha.length == 1) return Tensor.scalar(alpha[0]);
        if (alpha.length != yPred.dim(-1)) throw new IllegalArgumentException("categorical_focal_crossentropy: alpha has "
                + alpha.length + " values, expected one per class (" + yPred.dim(-1) + ") for y_pred of shape " + yPred.shape());
        float[] a = new float[alpha.length];
        for (int i = 0; i < a.length; i++) a[i] = (float) alpha[i];
        return Tensor.of(a, a.length);
    }
}
