package dev.gradus.losses;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.KerasArgs;

/**
 * Circle loss (Sun et al., 2020) between integer labels (B,) and L2-normalised embeddings (B, D):
 * pulls same-label pairs together and pushes the others apart, weighting each pair by how far it is
 * from its optimum. Samples with no positive pair get 0 and are masked out of the reduction.
 */
public class Circle extends FluentLoss<Circle> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Circle> ARGS = KerasArgs.of(Circle.class, Circle::new)
            .real("gamma", Circle::gamma, Circle::gamma)
            .real("margin", Circle::margin, Circle::margin)
            .bool("remove_diagonal", Circle::removeDiagonal, Circle::removeDiagonal);

    private double gamma = 80.0;
    private double margin = 0.4;
    private boolean removeDiagonal = true;

    public Circle() {
        super("circle");
    }

    /** The scale of the similarity scores. */
    public Circle gamma(double gamma) {
        this.gamma = Check.positive("gamma", gamma);
        return this;
    }

    /** The relaxation margin. */
    public Circle margin(double margin) {
        this.margin = Check.finite("margin", margin);
        return this;
    }

    /** Whether a sample's similarity with itself is left out of its positive pairs. */
    public Circle removeDiagonal(boolean removeDiagonal) {
        this.removeDiagonal = removeDiagonal;
        return this;
    }

    public double gamma() { return gamma; }
    public double margin() { return margin; }
    public boolean removeDiagonal() { return removeDiagonal; }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        Tensor[] a = LossSupport.sameRank(yTrue, yPred);
        return compute(a[0], a[1], null, null, removeDiagonal, gamma, margin);
    }

    @Override
    protected Tensor valuesMask(Tensor yTrue, Tensor yPred, Tensor values) {
        return Ops.greater(values, Tensor.scalar(0));
    }

    static Tensor compute(Tensor yTrue, Tensor yPred, Tensor refLabels, Tensor refEmbeddings,
                          boolean removeDiagonal, double gamma, double margin) {
        String fn = "circle";
        LossSupport.notNull(fn, "y_true", yTrue);
        LossSupport.notNull(fn, "y_pred", yPred);
        Check.positive("gamma", gamma);
        Check.finite("margin", margin);
        if (yPred.rank() != 2) throw new IllegalArgumentException(fn + ": y_pred must be embeddings of shape (batch, dim), got shape " + yPred.shape());
        Tensor labels = labels(fn, "y_true", yTrue, yPred.dim(0));
        Tensor ref = refEmbeddings == null ? yPred : refEmbeddings;
        if (ref.rank() != 2 || ref.dim(1) != yPred.dim(1)) throw new IllegalArgumentException(fn
                + ": ref_embeddings must have shape (n, " + yPred.dim(1) + "), got " + ref.shape());
        Tensor refL = refLabels == null ? labels : labels(fn, "ref_labels", refLabels, ref.dim(0));

        double optimPos = margin, optimNeg = 1 + margin, deltaPos = margin, deltaNeg = 1 - margin;
        Tensor distances = Ops.maximum(LossSupport.oneMinus(Ops.matmul(yPred, Ops.transpose(ref))), 0.0);
        Tensor positive = Ops.equal(Ops.expandDims(labels, 1), Ops.expandDims(refL, 0));
        Tensor negative = Ops.logicalNot(positive);
        if (removeDiagonal) positive = Ops.logicalAnd(positive, Ops.logicalNot(Tensor.eye(yPred.dim(0), ref.dim(0))));

        Tensor posWeights = Ops.maximum(Ops.mul(Ops.add(distances, optimPos), positive), 0.0);
        Tensor negWeights = Ops.maximum(Ops.mul(Ops.sub(Tensor.scalar(optimNeg), distances), negative), 0.0);
        Tensor posDists = Ops.sub(Tensor.scalar(deltaPos), distances);
        Tensor negDists = Ops.sub(Tensor.scalar(deltaNeg), distances);
        Tensor posWeighted = Ops.mul(Ops.mul(posWeights, -gamma), posDists);
        Tensor negWeighted = Ops.mul(Ops.mul(negWeights, gamma), negDists);
        Tensor pLoss = maskedLogSumExp(posWeighted, positive);
        Tensor nLoss = maskedLogSumExp(negWeighted, negative);
        return Ops.softplus(Ops.add(pLoss, nLoss));
    }

    /** Integer labels (as Keras's cast to int32, which truncates) of shape (n,) or (n, 1). */
    private static Tensor labels(String fn, String arg, Tensor t, int n) {
        if (t.rank() == 2 && t.dim(1) == 1) t = Ops.squeeze(t, 1);
        if (t.rank() != 1 || t.dim(0) != n) throw new IllegalArgumentException(fn + ": " + arg
                + " must be integer labels of shape (" + n + ",), got shape " + t.shape());
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) v[i] = (float) (long) v[i];
        return Tensor.of(v, v.length);
    }

    /**
     * logsumexp over axis 1 of the entries where {@code mask} is set; -inf for a row with none. The
     * entries outside the mask never enter an exp, so the gradient stays finite on every row.
     */
    private static Tensor maskedLogSumExp(Tensor x, Tensor mask) {
        Tensor ninf = Tensor.scalar(Double.NEGATIVE_INFINITY);
        Tensor rowMax = Ops.stopGradient(Ops.max(Ops.where(mask, x, ninf), new int[] {1}, true));
        rowMax = Ops.where(Ops.isFinite(rowMax), rowMax, Tensor.scalar(0));
        Tensor shifted = Ops.where(mask, Ops.sub(x, rowMax), Tensor.scalar(0));
        Tensor sum = Ops.sum(Ops.mul(Ops.exp(shifted), mask), 1);
        Tensor any = Ops.greater(sum, Tensor.scalar(0));
        Tensor lse = Ops.add(Ops.log(Ops.where(any, sum, Tensor.scalar(1))), Ops.squeeze(rowMax, 1));
        return Ops.where(any, lse, ninf);
    }
}
