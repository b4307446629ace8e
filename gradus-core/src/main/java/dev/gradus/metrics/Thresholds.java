package dev.gradus.metrics;

import dev.gradus.tensor.kernels.ThresholdCounts;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The thresholds a confusion-matrix metric counts against, in the order of its state, and which of
 * Keras's two counting rules applies: evenly spaced thresholds use its bucketing arithmetic (which
 * clips predictions to [0, 1] first), any others the strict {@code y_pred > threshold} comparison.
 */
final class Thresholds {
    /** keras.config.epsilon(): AUC's outer thresholds are {@code -eps} and {@code 1 + eps}. */
    static final double EPSILON = 1e-7;

    private final float[] values;
    private final float[] sorted;
    private final int[] order;              // sorted[i] == values[order[i]]
    private final boolean even, epsilonEnds;

    private Thresholds(double[] values, boolean even, boolean epsilonEnds) {
        this.values = new float[values.length];
        for (int i = 0; i < values.length; i++) this.values[i] = (float) values[i];
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Float.compare(this.values[a], this.values[b]));
        this.order = new int[idx.length];
        this.sorted = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            order[i] = idx[i];
            sorted[i] = this.values[idx[i]];
        }
        this.even = even;
        this.epsilonEnds = epsilonEnds;
    }

    /** Thresholds a user listed (counts, Precision, Recall), or the single default. */
    static Thresholds listed(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return new Thresholds(v, evenlyDistributed(v), false);
    }

    /** {@code 0, 1/(n-1), ..., 1} (the *At* metrics and KolmogorovSmirnov); one threshold is 0.5. */
    static Thresholds evenly(int n) {
        if (n == 1) return new Thresholds(new double[] {0.5}, false, false);
        return new Thresholds(inner(n, 0.0, 1.0), true, false);
    }

    /** AUC's: {@code -eps}, the inner thresholds ({@code given}, sorted, or {@code i/(n-1)}), {@code 1 + eps}. */
    static Thresholds auc(int numThresholds, List<Double> given) {
        if (given == null) return new Thresholds(inner(numThresholds, -EPSILON, 1 + EPSILON), true, true);
        List<Double> s = new ArrayList<>(given);
        Collections.sort(s);
        double[] withEnds = new double[s.size() + 2], unit = new double[s.size() + 2];
        withEnds[0] = -EPSILON;
        withEnds[withEnds.length - 1] = 1 + EPSILON;
        unit[unit.length - 1] = 1.0;
        for (int i = 0; i < s.size(); i++) withEnds[i + 1] = unit[i + 1] = s.get(i);
        return new Thresholds(withEnds, evenlyDistributed(unit), true);
    }

    private static double[] inner(int n, double first, double last) {
        double[] t = new double[n];
        t[0] = first;
        for (int i = 0; i < n - 2; i++) t[i + 1] = (i + 1) * 1.0 / (n - 1);
        t[n - 1] = last;
        return t;
    }

    /** Keras's is_evenly_distributed_thresholds: at least 3, each within numpy's allclose of i/(n-1) in float32. */
    static boolean evenlyDistributed(double[] t) {
        int n = t.length;
        if (n < 3) return false;
        for (int i = 0; i < n; i++) {
            float even = (float) i / (float) (n - 1);
            if (!(Math.abs(t[i] - even) <= EPSILON + 1e-5 * Math.abs(even))) return false;
        }
        return true;
    }

    /** Checks user thresholds: each in [0, 1], at least one. */
    static List<Double> checked(String what, double... values) {
        Check.notNull(what, values);
        Check.argument(values.length > 0, what + " must hold at least one threshold, got an empty list");
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(
                    what + ": threshold values must be in [0, 1], got " + v + " in " + Arrays.toString(values));
            out.add(v);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Keras keeps the {@code thresholds} argument as it was given (a number or a list) for its config;
     * this checks such a value and returns it as a Double, a list of Doubles or null.
     */
    static Object configForm(String what, Object raw) {
        if (raw == null) return null;
        if (raw instanceof Number n) return checked(what, n.doubleValue()).get(0);
        if (raw instanceof List<?> list) {
            double[] v = new double[list.size()];
            for (int i = 0; i < v.length; i++) {
                if (!(list.get(i) instanceof Number n)) throw new IllegalArgumentException(
                        what + " must be a number or a list of numbers, got " + raw);
                v[i] = n.doubleValue();
            }
            return checked(what, v);
        }
        throw new IllegalArgumentException(what + " must be a number or a list of numbers, got " + raw);
    }

    /** Setter values in Keras's form: one value as a number, several as a list. */
    static Object givenForm(String what, double... values) {
        List<Double> checked = checked(what, values);
        return checked.size() == 1 ? checked.get(0) : checked;
    }

    /** The thresholds of an init form, or {@code fallback} when it is null. */
    @SuppressWarnings("unchecked")
    static List<Double> asList(Object initForm, double fallback) {
        if (initForm == null) return List.of(fallback);
        if (initForm instanceof Double d) return List.of(d);
        return (List<Double>) initForm;
    }

    int size() {
        return values.length;
    }

    /**
     * Weighted counts of one update, {@code {tp, fp, tn, fn}}, each laid out
     * {@code [threshold * labels + label]} in the state's threshold order.
     */
    double[][] count(float[] pred, float[] label, float[] weight, int labels) {
        ThresholdCounts.Buckets b = even
                ? ThresholdCounts.even(pred, label, weight, labels, values.length, epsilonEnds)
                : ThresholdCounts.sorted(pred, label, weight, labels, sorted);
        double[][] c = b.counts();
        if (isIdentity()) return c;
        double[][] out = new double[4][c[0].length];
        for (int k = 0; k < 4; k++)
            for (int i = 0; i < order.length; i++)
                System.arraycopy(c[k], i * labels, out[k], order[i] * labels, labels);
        return out;
    }

    private boolean isIdentity() {
        for (int i = 0; i < order.length; i++) if (order[i] != i) return false;
        return true;
    }
}
