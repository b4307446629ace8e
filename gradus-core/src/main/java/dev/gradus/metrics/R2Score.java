package dev.gradus.metrics;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * The coefficient of determination, {@code 1 - SS_res / SS_tot} per output column, optionally
 * aggregated and adjusted for {@code numRegressors} predictors. Inputs are {@code (N, outputs)};
 * the state (weighted sums of y, y², squared residuals and weights per column) is built on the
 * first update.
 */
public class R2Score extends Metric {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<R2Score> ARGS = KerasArgs.of(R2Score.class, R2Score::new)
            .string("class_aggregation", R2Score::classAggregation, R2Score::classAggregation)
            .integer("num_regressors", R2Score::numRegressors, R2Score::numRegressors);

    private String classAggregation = "uniform_average";
    private int numRegressors = 0;
    private final Variable numSamples;
    private Variable squaredSum, sum, residual, count;

    public R2Score() {
        super("r2_score");
        numSamples = addVariable("num_samples", Shape.scalar());
    }

    /** {@code "uniform_average"} (default), {@code "variance_weighted_average"}, or null for one score per column. */
    public R2Score classAggregation(String classAggregation) {
        if (classAggregation != null) Check.oneOf("R2Score: classAggregation", classAggregation,
                "uniform_average", "variance_weighted_average");
        this.classAggregation = classAggregation;
        return this;
    }

    /** Number of independent regressors for the adjusted R2; 0 (default) is the plain score. */
    public R2Score numRegressors(int numRegressors) {
        this.numRegressors = Check.atLeast("R2Score: numRegressors", numRegressors, 0);
        return this;
    }

    public String classAggregation() {
        return classAggregation;
    }

    public int numRegressors() {
        return numRegressors;
    }

    private void build(int outputs) {
        if (sum != null) {
            if (sum.shape().get(0) != outputs) throw new IllegalArgumentException("R2Score: this metric was built for "
                    + sum.shape().get(0) + " outputs, got inputs with " + outputs);
            return;
        }
        Shape shape = Shape.of(outputs);
        squaredSum = addVariable("squared_sum", shape);
        sum = addVariable("sum", shape);
        residual = addVariable("residual", shape);
        count = addVariable("count", shape);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor[] a = CoreShapes.aligned("R2Score", yTrue, yPred);
        Tensor t = a[0], p = a[1];
        if (t.rank() != 2 || p.rank() != 2) throw new IllegalArgumentException("R2Score expects 2D inputs with shape "
                + "(batch_size, output_dim), got yTrue " + t.shape() + " and yPred " + p.shape());
        CoreShapes.sameShape("R2Score", t, p);
        build(p.dim(1));
        Tensor w = sampleWeight == null ? Tensor.scalar(1) : sampleWeight;
        if (w.rank() == 1) w = Ops.expandDims(w, 1);
        w = CoreShapes.broadcastWeight("R2Score", w, t.shape());
        Tensor weightedTrue = Ops.mul(t, w);
        sum.assignAdd(Ops.sum(weightedTrue, 0));
        squaredSum.assignAdd(Ops.sum(Ops.mul(t, weightedTrue), 0));
        residual.assignAdd(Ops.sum(Ops.mul(Ops.square(Ops.sub(t, p)), w), 0));
        count.assignAdd(Ops.sum(w, 0));
        // n for the adjusted score: the samples that carry any weight.
        Tensor weighted = Ops.max(Ops.notEqual(w, Tensor.scalar(0)), 1);
        numSamples.assignAdd(Ops.sum(weighted));
    }

    @Override
    public Tensor result() {
        if (sum == null) return classAggregation == null ? Tensor.zeros(0) : Tensor.scalar(0);
        Tensor s = sum.value();
        Tensor mean = Ops.div(s, count.value());
        Tensor total = Ops.sub(squaredSum.value(), Ops.mul(s, mean));
        Tensor raw = Ops.sub(Tensor.scalar(1), Ops.div(residual.value(), total));
        Tensor infinite = Ops.logicalAnd(Ops.logicalNot(Ops.isFinite(raw)), Ops.logicalNot(Ops.isNan(raw)));
        raw = Ops.where(infinite, Tensor.scalar(0), raw);
        Tensor r2;
        if ("uniform_average".equals(classAggregation)) r2 = Ops.mean(raw);
        else if ("variance_weighted_average".equals(classAggregation)) r2 = Ops.div(Ops.sum(Ops.mul(total, raw)), Ops.sum(total));
        else r2 = raw;
        double n = numSamples.value().item();
        // Keras warns and falls back to the plain score when p >= n - 1.
        if (numRegressors != 0 && numRegressors < n - 1) {
            Tensor numerator = Ops.mul(Ops.sub(Tensor.scalar(1), r2), (float) (n - 1));
            r2 = Ops.sub(Tensor.scalar(1), Ops.div(numerator, (float) (n - numRegressors - 1)));
        }
        return r2;
    }

    /** Adds another R2Score's sums; one that has seen no data yet takes the other's output count. */
    @Override
    public void merge(Metric other) {
        if (other != null && other.getClass() == getClass()) {
            R2Score o = (R2Score) other;
            if (o.sum == null) return; // nothing seen, nothing to add
            build(o.sum.shape().get(0));
        }
        super.merge(other);
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public R2Score name(String name) {
        super.name(name);
        return this;
    }
}
