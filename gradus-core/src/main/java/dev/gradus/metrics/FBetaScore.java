package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;
import java.util.Objects;

/**
 * The F-beta score, {@code (1 + b²)·p·r / (b²·p + r)}, per class of {@code (N, classes)} inputs,
 * or averaged ({@code "micro"}, {@code "macro"}, {@code "weighted"}). Without a threshold, the row
 * maximum (all tied maxima, and never an all-zero row) is the positive prediction; with one,
 * {@code yPred > threshold} is.
 */
public class FBetaScore extends Metric {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<FBetaScore> ARGS = KerasArgs.of(FBetaScore.class, FBetaScore::new)
            .string("average", FBetaScore::average, FBetaScore::average)
            .real("beta", FBetaScore::beta, FBetaScore::beta)
            .realOrNull("threshold", FBetaScore::threshold, FBetaScore::threshold);

    private static final double EPSILON = CoreFunctions.EPSILON;

    private String average = null;
    private double beta;
    private Double threshold = null;
    private Variable truePositives, falsePositives, falseNegatives, intermediateWeights;

    public FBetaScore() {
        this("fbeta_score", 1.0);
    }

    FBetaScore(String name, double beta) {
        super(name);
        this.beta = beta;
    }

    /** null (default: one score per class), {@code "micro"}, {@code "macro"} or {@code "weighted"}. */
    public FBetaScore average(String average) {
        if (average != null) Check.oneOf(getClass().getSimpleName() + ": average", average, "micro", "macro", "weighted");
        if (truePositives != null && !Objects.equals(average, this.average)) throw new IllegalStateException(
                getClass().getSimpleName() + ": average cannot change after the first update");
        this.average = average;
        return this;
    }

    /** Weight of recall against precision; must be > 0. Default 1. */
    public FBetaScore beta(double beta) {
        this.beta = Check.positive(getClass().getSimpleName() + ": beta", beta);
        return this;
    }

    /** null (default: the row maximum is positive) or a value in (0, 1]: {@code yPred > threshold} is positive. */
    public FBetaScore threshold(Double threshold) {
        if (threshold != null) Check.argument(threshold > 0 && threshold <= 1, getClass().getSimpleName()
                + ": threshold must satisfy 0 < threshold <= 1, got " + threshold);
        this.threshold = threshold;
        return this;
    }

    public String average() {
        return average;
    }

    public double beta() {
        return beta;
    }

    public Double threshold() {
        return threshold;
    }

    private void build(int classes) {
        Shape shape = "micro".equals(average) ? Shape.scalar() : Shape.of(classes);
        if (truePositives != null) {
            if (!truePositives.shape().equals(shape)) throw new IllegalArgumentException(getClass().getSimpleName()
                    + ": this metric was built for " + truePositives.shape().get(0) + " classes, got inputs with " + classes);
            return;
        }
        truePositives = addVariable("true_positives", shape);
        falsePositives = addVariable("false_positives", shape);
        falseNegatives = addVariable("false_negatives", shape);
        intermediateWeights = addVariable("intermediate_weights", shape);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        String who = getClass().getSimpleName();
        CoreShapes.require(who, "yTrue", yTrue);
        CoreShapes.require(who, "yPred", yPred);
        if (yTrue.rank() != 2 || yPred.rank() != 2) throw new IllegalArgumentException(who + " expects 2D inputs with shape "
                + "(batch_size, output_dim), got yTrue " + yTrue.shape() + " and yPred " + yPred.shape());
        CoreShapes.sameShape(who, yTrue, yPred);
        build(yPred.dim(1));
        Tensor predicted;
        if (threshold == null) {
            Tensor rowMax = Ops.max(yPred, new int[] {-1}, true);
            predicted = Ops.logicalAnd(Ops.greaterEqual(yPred, rowMax), Ops.greater(Ops.abs(yPred), Tensor.scalar(1e-9)));
        } else {
            predicted = Ops.greater(yPred, Tensor.scalar(threshold));
        }
        Tensor notPredicted = Ops.sub(Tensor.scalar(1), predicted);
        Tensor notTrue = Ops.sub(Tensor.scalar(1), yTrue);
        Tensor weight = null;
        if (sampleWeight != null) {
            weight = sampleWeight.rank() == 1 ? Ops.expandDims(sampleWeight, 1) : sampleWeight;
            weight = CoreShapes.broadcastWeight(who, weight, yTrue.shape());
        }
        truePositives.assignAdd(weightedSum(Ops.mul(predicted, yTrue), weight));
        falsePositives.assignAdd(weightedSum(Ops.mul(predicted, notTrue), weight));
        falseNegatives.assignAdd(weightedSum(Ops.mul(notPredicted, yTrue), weight));
        intermediateWeights.assignAdd(weightedSum(yTrue, weight));
    }

    private Tensor weightedSum(Tensor values, Tensor weight) {
        if (weight != null) values = Ops.mul(values, weight);
        return "micro".equals(average) ? Ops.sum(values) : Ops.sum(values, 0);
    }

    @Override
    public Tensor result() {
        if (truePositives == null) return average == null ? Tensor.zeros(0) : Tensor.scalar(0);
        Tensor tp = truePositives.value();
        Tensor precision = Ops.div(tp, Ops.add(Ops.add(tp, falsePositives.value()), EPSILON));
        Tensor recall = Ops.div(tp, Ops.add(Ops.add(tp, falseNegatives.value()), EPSILON));
        double beta2 = beta * beta;
        Tensor f = Ops.div(Ops.mul(precision, recall), Ops.add(Ops.add(Ops.mul(precision, beta2), recall), EPSILON));
        f = Ops.mul(f, 1 + beta2);
        if ("weighted".equals(average)) {
            Tensor support = intermediateWeights.value();
            return Ops.sum(Ops.mul(f, Ops.div(support, Ops.add(Ops.sum(support), EPSILON))));
        }
        return average == null ? f : Ops.mean(f);
    }

    /** Adds another instance's counts; one that has seen no data yet takes the other's class count. */
    @Override
    public void merge(Metric other) {
        if (other != null && other.getClass() == getClass()) {
            FBetaScore o = (FBetaScore) other;
            if (!Objects.equals(o.average, average)) throw new IllegalArgumentException("merge: average '"
                    + o.average + "' of '" + o.name() + "' differs from '" + average + "' of '" + name() + "'");
            if (o.truePositives == null) return; // nothing seen, nothing to add
            build(o.truePositives.shape().rank() == 0 ? 1 : o.truePositives.shape().get(0));
        }
        super.merge(other);
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public FBetaScore name(String name) {
        super.name(name);
        return this;
    }
}
