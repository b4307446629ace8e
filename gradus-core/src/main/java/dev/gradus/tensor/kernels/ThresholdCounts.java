package dev.gradus.tensor.kernels;

/**
 * Weighted confusion counts of predictions against many thresholds in one pass over the data
 * (Keras's {@code update_confusion_matrix_variables}).
 *
 * <p>Each prediction falls in one bucket: the number of thresholds it is strictly above, minus one
 * (-1 when it is above none). Per bucket and label the pass adds the weights of the positive and of
 * the negative examples; a reverse cumulative sum over the buckets then gives, for each threshold,
 * the weight of the positives and negatives predicted above it (tp, fp), and the totals give fn and
 * tn. The cost is linear in the number of predictions plus the number of thresholds, where comparing
 * every prediction with every threshold would cost their product.
 *
 * <p>Two ways to find the bucket: {@link #even} uses Keras's arithmetic for evenly spaced thresholds
 * {@code i/(n-1)} (so that results agree with Keras to the bit on values that fall on a threshold),
 * {@link #sorted} binary-searches an ascending list with the strict {@code >} rule.
 *
 * <p>The data are {@code rows x labels} floats, row-major. Labels are positive when non-zero.
 * Weights are per element ({@code weight}, same layout) or absent (1); a scalar weight is applied by
 * the caller to the counts. Sums run in double, in one private array per thread.
 */
public final class ThresholdCounts {
    private ThresholdCounts() {}

    /**
     * Buckets for the evenly spaced thresholds {@code 0, 1/(n-1), ..., 1}: predictions are clipped to
     * [0, 1] and bucket {@code ceil(p * (n-1)) - 1} (computed in float32, as Keras). With
     * {@code epsilonEnds} the outer thresholds are {@code -eps} and {@code 1+eps} (AUC's), so a
     * prediction of 0 is above the first one: bucket -1 becomes 0.
     */
    public static Buckets even(float[] pred, float[] label, float[] weight, int labels, int numThresholds, boolean epsilonEnds) {
        check(pred, label, weight, labels);
        float scale = numThresholds - 1;
        return run(pred.length / labels, labels, numThresholds, (from, to, acc) -> {
            for (int r = from; r < to; r++) {
                int base = r * labels;
                for (int l = 0; l < labels; l++) {
                    int i = base + l;
                    float p = pred[i];
                    p = p < 0f ? 0f : (p > 1f ? 1f : p);
                    int b = (int) Math.ceil(p * scale) - 1;      // NaN casts to 0: above no threshold
                    if (epsilonEnds && b < 0) b = 0;
                    acc.add(b, l, label[i] != 0f, weight == null ? 1f : weight[i]);
                }
            }
        });
    }

    /** Buckets for thresholds in ascending order, with the strict rule {@code p > threshold}. */
    public static Buckets sorted(float[] pred, float[] label, float[] weight, int labels, float[] thresholds) {
        check(pred, label, weight, labels);
        for (int i = 1; i < thresholds.length; i++)
            if (!(thresholds[i - 1] <= thresholds[i])) throw new IllegalArgumentException(
                    "ThresholdCounts.sorted: thresholds must be ascending, got " + thresholds[i - 1] + " before " + thresholds[i]);
        int n = thresholds.length;
        return run(pred.length / labels, labels, n, (from, to, acc) -> {
            for (int r = from; r < to; r++) {
                int base = r * labels;
                for (int l = 0; l < labels; l++) {
                    int i = base + l;
                    float p = pred[i];
                    int lo = 0, hi = n;                          // count thresholds t < p (none for NaN)
                    while (lo < hi) {
                        int mid = (lo + hi) >>> 1;
                        if (thresholds[mid] < p) lo = mid + 1;
                        else hi = mid;
                    }
                    acc.add(lo - 1, l, label[i] != 0f, weight == null ? 1f : weight[i]);
                }
            }
        });
    }

    /** Adds {@code delta * scale}, rounded to float, to {@code storage} element by element. */
    public static void addInto(float[] storage, double[] delta, double scale) {
        if (storage.length != delta.length) throw new IllegalArgumentException(
                "ThresholdCounts.addInto: " + storage.length + " state values, " + delta.length + " deltas");
        for (int i = 0; i < storage.length; i++) storage[i] += (float) (delta[i] * scale);
    }

    /**
     * Per-bucket weights of one update. Layout: {@code [(bucket + 1) * labels + label] * 2 + positive},
     * bucket from -1 to {@code numThresholds - 1}.
     */
    public static final class Buckets {
        private final int numThresholds, labels;
        private final double[] w;

        Buckets(int numThresholds, int labels) {
            this.numThresholds = numThresholds;
            this.labels = labels;
            this.w = new double[(numThresholds + 1) * labels * 2];
        }

        void add(int bucket, int label, boolean positive, float weight) {
            w[(((bucket + 1) * labels + label) << 1) | (positive ? 1 : 0)] += weight;
        }

        void addAll(Buckets other) {
            for (int i = 0; i < w.length; i++) w[i] += other.w[i];
        }

        /**
         * The counts per threshold and label, laid out {@code [threshold * labels + label]}:
         * {@code out[0..3] = tp, fp, tn, fn}.
         */
        public double[][] counts() {
            int n = numThresholds, L = labels;
            double[] tp = new double[n * L], fp = new double[n * L], tn = new double[n * L], fn = new double[n * L];
            for (int l = 0; l < L; l++) {
                double pos = 0, neg = 0;
                for (int b = n - 1; b >= 0; b--) {                 // predicted positive at t: every bucket >= t
                    int k = ((b + 1) * L + l) << 1;
                    pos += w[k | 1];
                    neg += w[k];
                    tp[b * L + l] = pos;
                    fp[b * L + l] = neg;
                }
                double totalPos = pos + w[(l << 1) | 1], totalNeg = neg + w[l << 1];
                for (int t = 0; t < n; t++) {
                    fn[t * L + l] = totalPos - tp[t * L + l];
                    tn[t * L + l] = totalNeg - fp[t * L + l];
                }
            }
            return new double[][] {tp, fp, tn, fn};
        }
    }

    @FunctionalInterface
    private interface Body {
        void run(int fromRow, int toRow, Buckets acc);
    }

    private static Buckets run(int rows, int labels, int numThresholds, Body body) {
        Buckets total = new Buckets(numThresholds, labels);
        // ~4 operations per element; the per-thread arrays are small (2 * (n + 1) * labels doubles)
        if (!Parallel.worthSplitting((long) rows * labels * 4) || (long) rows < 2L * Parallel.threads()) {
            body.run(0, rows, total);
            return total;
        }
        Parallel.forChunks(rows, Parallel.threads(), (from, to) -> {
            Buckets mine = new Buckets(numThresholds, labels);
            body.run(from, to, mine);
            synchronized (total) {
                total.addAll(mine);
            }
        });
        return total;
    }

    private static void check(float[] pred, float[] label, float[] weight, int labels) {
        if (labels < 1) throw new IllegalArgumentException("ThresholdCounts: labels must be >= 1, got " + labels);
        if (label.length != pred.length || (weight != null && weight.length != pred.length) || pred.length % labels != 0)
            throw new IllegalArgumentException("ThresholdCounts: " + pred.length + " predictions, " + label.length
                    + " labels, " + (weight == null ? "no" : String.valueOf(weight.length)) + " weights in rows of " + labels);
    }
}
