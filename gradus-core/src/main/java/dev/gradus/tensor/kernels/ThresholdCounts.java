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
 * {@link #sorted} counts the thresholds of an ascending list that are strictly below the prediction
 * (one comparison each for up to 8, else a binary search).
 *
 * <p>The data are {@code rows x labels} floats, row-major. Labels are positive when non-zero.
 * Weights are per element ({@code weight}, same layout) or absent (1); a scalar weight is applied by
 * the caller to the counts. Sums run in double, in private arrays per thread, so weighted counts
 * may differ in the last bits with the thread count.
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
        int lowest = epsilonEnds ? 0 : -1;
        return run(pred.length / labels, labels, numThresholds, (from, to, lanes) -> {
            double[] a = lanes[0], b = lanes[1], c = lanes[2], d = lanes[3];
            if (labels == 1) {
                // four accumulators, so that neighbours falling in the same bucket do not wait on each other
                int i = from;
                for (; i + 3 < to; i += 4) {
                    a[slot(evenBucket(pred[i], scale, lowest), label[i])] += weight == null ? 1f : weight[i];
                    b[slot(evenBucket(pred[i + 1], scale, lowest), label[i + 1])] += weight == null ? 1f : weight[i + 1];
                    c[slot(evenBucket(pred[i + 2], scale, lowest), label[i + 2])] += weight == null ? 1f : weight[i + 2];
                    d[slot(evenBucket(pred[i + 3], scale, lowest), label[i + 3])] += weight == null ? 1f : weight[i + 3];
                }
                for (; i < to; i++) a[slot(evenBucket(pred[i], scale, lowest), label[i])] += weight == null ? 1f : weight[i];
            } else {
                for (int r = from; r < to; r++)
                    for (int l = 0, i = r * labels; l < labels; l++, i++)
                        a[slot(evenBucket(pred[i], scale, lowest), labels, l, label[i])] += weight == null ? 1f : weight[i];
            }
        });
    }

    private static int evenBucket(float p, float scale, int lowest) {
        p = p > 0f ? (p < 1f ? p : 1f) : 0f;             // clip to [0, 1]; NaN becomes 0 (bucket -1)
        float x = p * scale;
        int k = (int) x;                                 // ceil(x) - 1 for x >= 0, without a double round trip
        return Math.max(k == x ? k - 1 : k, lowest);
    }

    /** Buckets for thresholds in ascending order, with the strict rule {@code p > threshold}. */
    public static Buckets sorted(float[] pred, float[] label, float[] weight, int labels, float[] thresholds) {
        check(pred, label, weight, labels);
        for (int i = 1; i < thresholds.length; i++)
            if (!(thresholds[i - 1] <= thresholds[i])) throw new IllegalArgumentException(
                    "ThresholdCounts.sorted: thresholds must be ascending, got " + thresholds[i - 1] + " before " + thresholds[i]);
        float[] t = thresholds.clone();
        return run(pred.length / labels, labels, t.length, (from, to, lanes) -> {
            double[] a = lanes[0], b = lanes[1], c = lanes[2], d = lanes[3];
            if (labels == 1) {
                int i = from;
                for (; i + 3 < to; i += 4) {
                    a[slot(above(t, pred[i]) - 1, label[i])] += weight == null ? 1f : weight[i];
                    b[slot(above(t, pred[i + 1]) - 1, label[i + 1])] += weight == null ? 1f : weight[i + 1];
                    c[slot(above(t, pred[i + 2]) - 1, label[i + 2])] += weight == null ? 1f : weight[i + 2];
                    d[slot(above(t, pred[i + 3]) - 1, label[i + 3])] += weight == null ? 1f : weight[i + 3];
                }
                for (; i < to; i++) a[slot(above(t, pred[i]) - 1, label[i])] += weight == null ? 1f : weight[i];
            } else {
                for (int r = from; r < to; r++)
                    for (int l = 0, i = r * labels; l < labels; l++, i++)
                        a[slot(above(t, pred[i]) - 1, labels, l, label[i])] += weight == null ? 1f : weight[i];
            }
        });
    }

    /** How many of the ascending thresholds are strictly below p (none for NaN). */
    private static int above(float[] t, float p) {
        int n = t.length;
        if (n == 1) return t[0] < p ? 1 : 0;             // Precision's and Recall's default
        if (n <= 8) {                                    // few thresholds: count without branches
            int count = 0;
            for (int j = 0; j < n; j++) count += t[j] < p ? 1 : 0;
            return count;
        }
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < p) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static int slot(int bucket, float label) {
        return ((bucket + 1) << 1) | (label != 0f ? 1 : 0);
    }

    private static int slot(int bucket, int labels, int l, float label) {
        return (((bucket + 1) * labels + l) << 1) | (label != 0f ? 1 : 0);
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

        void addAll(double[] other) {
            for (int i = 0; i < w.length; i++) w[i] += other[i];
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
        /** Accumulates rows {@code [fromRow, toRow)} into the four lanes (which may be one array). */
        void run(int fromRow, int toRow, double[][] lanes);
    }

    private static Buckets run(int rows, int labels, int numThresholds, Body body) {
        Buckets total = new Buckets(numThresholds, labels);
        int size = total.w.length;
        // ~4 operations per element; each thread sums into its own lanes, small next to the data
        if (!Parallel.worthSplitting((long) rows * labels * 4) || (long) rows < 2L * Parallel.threads()) {
            for (double[] lane : runChunk(0, rows, size, body)) total.addAll(lane);
        } else {
            // each chunk's sums kept apart, then added in chunk order: weighted counts are fractions, and
            // adding them as threads finish gave sums whose last bits followed thread timing (issue #18)
            java.util.concurrent.ConcurrentSkipListMap<Integer, double[][]> parts = new java.util.concurrent.ConcurrentSkipListMap<>();
            Parallel.forChunks(rows, Parallel.threads(), (from, to) -> parts.put(from, runChunk(from, to, size, body)));
            for (double[][] part : parts.values()) for (double[] lane : part) total.addAll(lane);
        }
        return total;
    }

    /** One chunk's sums: four lanes while they are small (for the one-label loops' dependency chains), else one. */
    private static double[][] runChunk(int from, int to, int size, Body body) {
        double[] a = new double[size];
        boolean split = size <= 4096;
        double[][] lanes = split ? new double[][] {a, new double[size], new double[size], new double[size]} : new double[][] {a, a, a, a};
        body.run(from, to, lanes);
        return split ? lanes : new double[][] {a};
    }

    private static void check(float[] pred, float[] label, float[] weight, int labels) {
        if (labels < 1) throw new IllegalArgumentException("ThresholdCounts: labels must be >= 1, got " + labels);
        if (label.length != pred.length || (weight != null && weight.length != pred.length) || pred.length % labels != 0)
            throw new IllegalArgumentException("ThresholdCounts: " + pred.length + " predictions, " + label.length
                    + " labels, " + (weight == null ? "no" : String.valueOf(weight.length)) + " weights in rows of " + labels);
    }
}
