package dev.gradus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * KolmogorovSmirnov, and a KS statistic written the two ways a user would write their own metric:
 * a plain function evaluated once on the whole batch, and a stateful {@link Metric} subclass with
 * per-bucket counters. All three agree.
 */
class KsTest {

    /** A user's KS as a plain function: sort by score, walk the two empirical CDFs, keep the largest gap. */
    static Tensor ksStatistic(Tensor yTrue, Tensor yPred) {
        float[] label = yTrue.toFloatArray(), score = yPred.toFloatArray();
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double positives = 0, negatives = 0;
        for (float l : label) {
            if (l != 0) positives++;
            else negatives++;
        }
        double belowPos = 0, belowNeg = 0, best = 0;
        for (int k = 0; k < order.length; k++) {
            if (label[order[k]] != 0) belowPos++;
            else belowNeg++;
            boolean lastOfTies = k + 1 == order.length || score[order[k + 1]] != score[order[k]];
            if (lastOfTies) best = Math.max(best, Math.abs(belowPos / positives - belowNeg / negatives));
        }
        return Tensor.scalar(best);
    }

    /** A user's stateful KS: weights of positives and negatives in 101 score buckets of width 1/100. */
    static final class BucketKs extends Metric {
        private static final int BUCKETS = 101;
        private final Variable positives = addVariable("positives", Shape.of(BUCKETS));
        private final Variable negatives = addVariable("negatives", Shape.of(BUCKETS));

        BucketKs() {
            super("bucket_ks");
        }

        @Override
        public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
            Tensor labels = Ops.reshape(yTrue, -1), scores = Ops.reshape(yPred, -1);
            Tensor weights = sampleWeight == null ? Ops.reshape(Tensor.ones(labels.shape()), -1, 1) : Ops.reshape(sampleWeight, -1, 1);
            // bucket b holds scores in [b/100, (b+1)/100): they are above the thresholds 0/100 .. b/100
            Tensor bucket = Ops.floor(Ops.mul(Ops.clip(scores, 0, 1), BUCKETS - 1));
            Tensor oneHot = Ops.mul(Ops.oneHot(bucket, BUCKETS), weights);
            Tensor isPositive = Ops.reshape(Ops.notEqual(labels, Tensor.scalar(0)), -1, 1);
            positives.assignAdd(Ops.sum(Ops.mul(oneHot, isPositive), 0));
            negatives.assignAdd(Ops.sum(Ops.mul(oneHot, Ops.sub(Tensor.scalar(1), isPositive)), 0));
        }

        @Override
        public Tensor result() {
            Tensor tpr = aboveEachThreshold(positives.value()), fpr = aboveEachThreshold(negatives.value());
            return Ops.max(Ops.abs(Ops.sub(tpr, fpr)));
        }

        /** Fraction of the weight in the buckets at or above each one. */
        private static Tensor aboveEachThreshold(Tensor perBucket) {
            Tensor total = Ops.sum(perBucket);
            return Ops.div(Ops.sub(Ops.add(total, perBucket), Ops.cumsum(perBucket)), total);
        }

        @Override
        public Direction direction() {
            return Direction.UP;
        }
    }

    /** Scores at the middle of 1/100-wide buckets, positives higher on average, so no score sits on a threshold. */
    private static Tensor[] data(long seed, int n) {
        Random r = new Random(seed);
        float[] label = new float[n], score = new float[n];
        for (int i = 0; i < n; i++) {
            label[i] = r.nextInt(4) == 0 ? 1 : 0;
            int k = Math.min(99, Math.max(0, (int) (r.nextGaussian() * 18 + (label[i] == 1 ? 58 : 42))));
            score[i] = (float) ((k + 0.5) / 100);
        }
        return new Tensor[] {Tensor.of(label, n), Tensor.of(score, n)};
    }

    @Test
    void handComputedValue() {
        // negatives at 0.1 and 0.4, positives at 0.35 and 0.8: the CDFs differ by 1/2 at most
        KolmogorovSmirnov ks = new KolmogorovSmirnov();
        ks.updateState(Tensor.of(new int[] {0, 0, 1, 1}), Tensor.of(new double[] {0.1, 0.4, 0.35, 0.8}));
        assertThat(ks.result().item()).isEqualTo(0.5f);
        ks.resetState();
        ks.updateState(Tensor.of(new int[] {0, 0, 1, 1}), Tensor.of(new double[] {0.1, 0.2, 0.7, 0.8}));
        assertThat(ks.result().item()).isEqualTo(1f);
        assertThat(ks.direction()).isEqualTo(Direction.UP);
    }

    @Test
    void plainFunctionStatefulSubclassAndKolmogorovSmirnovAgree() {
        for (long seed = 1; seed <= 3; seed++) {
            Tensor[] d = data(seed, 4000);
            double whole = ksStatistic(d[0], d[1]).item();
            assertThat(whole).isBetween(0.2, 0.6);

            KolmogorovSmirnov builtin = new KolmogorovSmirnov().numThresholds(101);
            BucketKs mine = new BucketKs();
            for (int from = 0; from < 4000; from += 1000) {
                Tensor yt = Ops.slice(d[0], 0, from, from + 1000), yp = Ops.slice(d[1], 0, from, from + 1000);
                builtin.updateState(yt, yp);
                mine.updateState(yt, yp);
            }
            assertThat((double) builtin.result().item()).as("seed %d", seed).isCloseTo(whole, within(1e-6));
            assertThat((double) mine.result().item()).as("seed %d", seed).isCloseTo(whole, within(1e-6));
        }
    }

    @Test
    void defaultResolutionApproachesTheExactStatistic() {
        Random r = new Random(8);
        int n = 3000;
        float[] label = new float[n], score = new float[n];
        for (int i = 0; i < n; i++) {
            label[i] = r.nextInt(2);
            score[i] = (float) (1 / (1 + Math.exp(-(r.nextGaussian() + (label[i] - 0.5)))));
        }
        double exact = ksStatistic(Tensor.of(label, n), Tensor.of(score, n)).item();
        KolmogorovSmirnov ks = new KolmogorovSmirnov();
        ks.updateState(Tensor.of(label, n), Tensor.of(score, n));
        double bucketed = ks.result().item();
        // the thresholds are a subset of the cut points: never above the exact value, and close below it
        assertThat(bucketed).isLessThanOrEqualTo(exact + 1e-6).isCloseTo(exact, within(0.01));
    }

    @Test
    void sampleWeightsCountAsRepeatedExamples() {
        Tensor[] d = data(4, 300);
        float[] w = new float[300];
        for (int i = 0; i < w.length; i++) w[i] = 1 + i % 3;
        KolmogorovSmirnov weighted = new KolmogorovSmirnov().numThresholds(101);
        weighted.updateState(d[0], d[1], Tensor.of(w, 300));
        BucketKs mine = new BucketKs();
        mine.updateState(d[0], d[1], Tensor.of(w, 300));
        // the same data repeated by weight, unweighted
        KolmogorovSmirnov repeated = new KolmogorovSmirnov().numThresholds(101);
        for (int copy = 1; copy <= 3; copy++) {
            int c = copy;
            float[] mask = new float[300];
            for (int i = 0; i < 300; i++) mask[i] = w[i] >= c ? 1 : 0;
            repeated.updateState(d[0], d[1], Tensor.of(mask, 300));
        }
        assertThat(weighted.result().item()).isCloseTo(repeated.result().item(), within(1e-6f));
        assertThat(mine.result().item()).isCloseTo(repeated.result().item(), within(1e-6f));
    }

    @Test
    void configRoundTripsAndMergesLikeAnyMetric() {
        Map<String, Object> c = new KolmogorovSmirnov().numThresholds(51).getConfig();
        assertThat(c).containsEntry("num_thresholds", 51);
        assertThat(Metrics.get(Config.serialized("KolmogorovSmirnov", c)).getConfig()).isEqualTo(c);
        BucketKs a = new BucketKs(), b = new BucketKs(), all = new BucketKs();
        Tensor[] d = data(6, 200);
        a.updateState(Ops.slice(d[0], 0, 0, 120), Ops.slice(d[1], 0, 0, 120));
        b.updateState(Ops.slice(d[0], 0, 120, 200), Ops.slice(d[1], 0, 120, 200));
        all.updateState(d[0], d[1]);
        a.merge(b);
        assertThat(a.result().item()).isEqualTo(all.result().item());
    }
}
