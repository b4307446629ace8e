package dev.gradus.metrics;

import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.KerasArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The area under the ROC, precision-recall or precision-recall-gain curve, as a Riemann sum over
 * the confusion counts at {@code num_thresholds} thresholds (Keras's {@code AUC}).
 *
 * <p>Thresholds are {@code -eps, 1/(n-1), ..., (n-2)/(n-1), 1+eps} by default, or the given
 * ones between {@code -eps} and {@code 1+eps}. With {@code multi_label} each column of
 * (samples, labels) data gets its own curve and the result is their mean (weighted by
 * {@code label_weights} when given); otherwise the data are flattened and {@code label_weights}
 * weight the entries of each column.
 */
public final class AUC extends ThresholdMetric {
    private static final List<String> CURVES = List.of("ROC", "PR", "PRGAIN");
    private static final List<String> SUMMATIONS = List.of("interpolation", "majoring", "minoring");

    private int numThresholds = 200;
    private String curve = "ROC";
    private String summationMethod = "interpolation";
    private List<Double> givenThresholds;
    private boolean multiLabel;
    private Integer numLabels;
    private List<Double> labelWeights;
    private boolean fromLogits;

    private Thresholds thresholds;
    private int labels;
    /** The counts indexed by TP, FP, TN, FN; null until a multi-label AUC knows its label count. */
    private Variable[] counts;

    /**
     * Keras's AUC config is not one key per setter: explicit {@code thresholds} override
     * {@code num_thresholds}, and the options are checked together once all are read.
     */
    static final KerasArgs<AUC> ARGS = KerasArgs.constructed(AUC.class, AUC::fromConfig);

    public AUC() {
        this(null);
    }

    private static AUC fromConfig(Config.Reader r) {
        AUC m = new AUC(r.getString("name", null));
        List<Double> thresholds = r.getDoubles("thresholds");
        if (thresholds != null) {
            m.thresholds(thresholds.stream().mapToDouble(Double::doubleValue).toArray());
            r.ignore("num_thresholds");
        } else {
            m.numThresholds(r.getInt("num_thresholds", 200));
        }
        m.curve(r.getString("curve", "ROC"));
        m.summationMethod(r.getString("summation_method", "interpolation"));
        m.multiLabel(r.getBoolean("multi_label", false));
        Integer numLabels = r.getIntOrNull("num_labels");
        if (numLabels != null) m.numLabels(numLabels);
        List<Double> labelWeights = r.getDoubles("label_weights");
        if (labelWeights != null) m.labelWeights(labelWeights.stream().mapToDouble(Double::doubleValue).toArray());
        m.fromLogits(r.getBoolean("from_logits", false));
        m.checkOptions();
        return m;
    }

    AUC(String name) {
        super(name);
    }

    /** How many thresholds to use (at least 2); 200 by default; ignored when {@link #thresholds} are given. */
    public AUC numThresholds(int n) {
        checkNotBuilt("num_thresholds");
        this.numThresholds = Check.atLeast(name() + ": num_thresholds", n, 2);
        return this;
    }

    /** "ROC" (default), "PR" or "PRGAIN" (lower case accepted). */
    public AUC curve(String curve) {
        Check.notNull(name() + ": curve", curve);
        String c = curve.toUpperCase(Locale.ROOT);
        if (!CURVES.contains(c) || !(curve.equals(c) || curve.equals(c.toLowerCase(Locale.ROOT))))
            throw new IllegalArgumentException(name() + ": curve must be one of [ROC, PR, PRGAIN] (or lower case), got '" + curve + "'");
        this.curve = c;
        return this;
    }

    /** "interpolation" (default), "majoring" or "minoring" (capitalised accepted). */
    public AUC summationMethod(String method) {
        Check.notNull(name() + ": summation_method", method);
        String m = method.toLowerCase(Locale.ROOT);
        if (!SUMMATIONS.contains(m) || !(method.equals(m) || method.equals(Character.toUpperCase(m.charAt(0)) + m.substring(1))))
            throw new IllegalArgumentException(name() + ": summation_method must be one of [interpolation, majoring, "
                    + "minoring] (or capitalised), got '" + method + "'");
        this.summationMethod = m;
        return this;
    }

    /** Explicit thresholds in [0, 1] (sorted here); {@code -eps} and {@code 1+eps} are added around them. */
    public AUC thresholds(double... values) {
        checkNotBuilt("thresholds");
        this.givenThresholds = Thresholds.checked(name() + ": thresholds", values);
        return this;
    }

    /** One curve per column of (samples, labels) data, averaged, instead of one over the flattened data. */
    public AUC multiLabel(boolean multiLabel) {
        checkNotBuilt("multi_label");
        this.multiLabel = multiLabel;
        return this;
    }

    /** The number of labels with {@link #multiLabel}, to size the state before the first update. */
    public AUC numLabels(int n) {
        checkNotBuilt("num_labels");
        this.numLabels = Check.atLeast(name() + ": num_labels", n, 1);
        return this;
    }

    /** One weight per label (last axis): of the label AUCs with {@link #multiLabel}, else of the entries. */
    public AUC labelWeights(double... weights) {
        Check.notNull(name() + ": label_weights", weights);
        List<Double> w = new ArrayList<>(weights.length);
        for (double x : weights) w.add(Check.finite(name() + ": label_weights", x));
        this.labelWeights = List.copyOf(w);
        return this;
    }

    /** Applies a sigmoid to the predictions first (they are logits). */
    public AUC fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** The number of thresholds, the two outer ones included. */
    public int numThresholds() {
        return givenThresholds != null ? givenThresholds.size() + 2 : numThresholds;
    }

    /** Keras's {@code num_labels} only goes with {@code multi_label}; checked once all options are set. */
    void checkOptions() {
        if (numLabels != null && !multiLabel) throw new IllegalArgumentException(
                name() + ": num_labels is needed only when multi_label is true, got num_labels = " + numLabels);
        if (numLabels != null && labelWeights != null && labelWeights.size() != numLabels) throw new IllegalArgumentException(
                name() + ": label_weights must hold num_labels = " + numLabels + " values, got " + labelWeights.size());
    }

    @Override
    protected void build() {
        checkOptions();
        thresholds = Thresholds.auc(numThresholds(), givenThresholds);
        if (!multiLabel) createState(1);
        else if (numLabels != null) createState(numLabels);
        // else: sized by the first update, from the number of columns
    }

    private void createState(int labelCount) {
        labels = labelCount;
        Shape s = multiLabel ? Shape.of(numThresholds(), labelCount) : Shape.of(numThresholds());
        counts = addConfusionVariables(s);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        ensureBuilt();
        Check.notNull(name() + ": y_pred", yPred);
        if (multiLabel) {
            if (yPred.rank() != 2) throw new IllegalArgumentException(name() + ": y_pred must have rank 2 "
                    + "(samples, labels) when multi_label is true, got shape " + yPred.shape());
            if (counts == null) createState(yPred.dim(1));
            if (yPred.dim(1) != labels) throw new IllegalArgumentException(name() + ": y_pred has " + yPred.dim(1)
                    + " labels (shape " + yPred.shape() + "), the state was built for " + labels);
            if (labelWeights != null && labelWeights.size() != labels) throw new IllegalArgumentException(
                    name() + ": label_weights holds " + labelWeights.size() + " values for " + labels + " labels");
        }
        if (fromLogits) yPred = Ops.sigmoid(yPred);
        ThresholdShapes.Aligned a = ThresholdShapes.align(name(), yTrue, yPred, sampleWeight, null, null);
        if (!multiLabel && labelWeights != null) a = ThresholdShapes.withLabelWeights(name(), a, labelWeightTensor());
        accumulate(thresholds, a, multiLabel ? labels : 1, counts);
    }

    private Tensor labelWeightTensor() {
        float[] w = new float[labelWeights.size()];
        for (int i = 0; i < w.length; i++) w[i] = labelWeights.get(i).floatValue();
        return Tensor.of(w, w.length);
    }

    @Override
    public Tensor result() {
        ensureBuilt();
        if (counts == null) return Tensor.scalar(0);     // multi-label, never updated
        Tensor tp = counts[TP].value(), fp = counts[FP].value(), tn = counts[TN].value(), fn = counts[FN].value();
        if (curve.equals("PR") && summationMethod.equals("interpolation")) return perLabel(interpolatePrAuc(tp, fp, fn));
        Tensor recall = rate(tp, fn);
        Tensor x, y;
        switch (curve) {
            case "ROC" -> {
                x = rate(fp, tn);
                y = recall;
            }
            case "PR" -> {
                x = recall;
                y = rate(tp, fp);
            }
            default -> {
                // precision-recall gain: the P/N scale diverges without negatives or true positives;
                // where tp = 0 recall gain is 0 and precision gain 1, and recall gain is floored at 0
                Tensor scale = Ops.divideNoNan(Ops.add(tp, fn), Ops.add(tn, fp));
                Tensor one = Tensor.scalar(1), zero = Tensor.scalar(0), noTp = Ops.equal(tp, zero);
                Tensor recallGain = Ops.sub(one, Ops.mul(scale, Ops.divideNoNan(fn, tp)));
                Tensor precisionGain = Ops.sub(one, Ops.mul(scale, Ops.divideNoNan(fp, tp)));
                x = Ops.maximum(Ops.where(noTp, zero, recallGain), zero);
                y = Ops.where(noTp, one, precisionGain);
            }
        }
        Tensor y0 = head(y), y1 = tail(y);
        Tensor heights = switch (summationMethod) {
            case "interpolation" -> Ops.div(Ops.add(y0, y1), 2.0);
            case "minoring" -> Ops.minimum(y0, y1);
            default -> Ops.maximum(y0, y1);
        };
        return perLabel(Ops.mul(Ops.sub(head(x), tail(x)), heights));
    }

    /**
     * Davis and Goadrich's interpolation of the PR curve: tp and p = tp + fp vary linearly between
     * thresholds, so precision is integrated in closed form rather than by its end points.
     */
    private Tensor interpolatePrAuc(Tensor tp, Tensor fp, Tensor fn) {
        Tensor zero = Tensor.scalar(0);
        Tensor p = Ops.add(tp, fp);
        Tensor dtp = Ops.sub(head(tp), tail(tp));
        Tensor p0 = head(p), p1 = tail(p);
        Tensor slope = Ops.divideNoNan(dtp, Ops.maximum(Ops.sub(p0, p1), zero));
        Tensor intercept = Ops.sub(tail(tp), Ops.mul(slope, p1));
        Tensor bothPositive = Ops.logicalAnd(Ops.greater(p0, zero), Ops.greater(p1, zero));
        Tensor ratio = Ops.where(bothPositive, Ops.divideNoNan(p0, Ops.maximum(p1, zero)), Tensor.scalar(1));
        Tensor area = Ops.mul(slope, Ops.add(dtp, Ops.mul(intercept, Ops.log(ratio))));
        return Ops.divideNoNan(area, Ops.maximum(Ops.add(tail(tp), tail(fn)), zero));
    }

    /** Sums the terms over thresholds; with multi_label, per label, then the (weighted) mean over labels. */
    private Tensor perLabel(Tensor terms) {
        if (!multiLabel) return Ops.sum(terms);
        Tensor byLabel = Ops.sum(terms, 0);
        if (labelWeights == null) return Ops.mean(byLabel);
        Tensor w = labelWeightTensor();
        return Ops.divideNoNan(Ops.sum(Ops.mul(byLabel, w)), Ops.sum(w));
    }

    private static Tensor head(Tensor x) {
        return Ops.slice(x, 0, 0, x.dim(0) - 1);
    }

    private static Tensor tail(Tensor x) {
        return Ops.slice(x, 0, 1, x.dim(0));
    }

    /** A multi-label AUC that has not seen data yet takes its label count from the one merged in. */
    @Override
    public void merge(Metric other) {
        if (other instanceof AUC o && multiLabel && o.multiLabel) {
            ensureBuilt();
            o.ensureBuilt();
            if (o.counts == null) {
                checkSameOptions(o);
                return;
            }
            if (counts == null) createState(o.labels);
        }
        super.merge(other);
    }

    @Override
    public Direction direction() {
        return Direction.UP;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = Config.with(super.getConfig(), "num_thresholds", numThresholds(), "curve", curve,
                "summation_method", summationMethod, "multi_label", multiLabel, "num_labels", numLabels,
                "label_weights", labelWeights, "from_logits", fromLogits);
        if (givenThresholds != null) {
            List<Double> sorted = new ArrayList<>(givenThresholds);
            sorted.sort(null);
            c = Config.with(c, "thresholds", sorted);
        }
        return c;
    }

    /** Keras's {@code name}, returning the metric's own type: a chain of setters needs no cast. */
    @Override
    public AUC name(String name) {
        super.name(name);
        return this;
    }
}
