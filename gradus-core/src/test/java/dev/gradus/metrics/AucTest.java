package dev.gradus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** AUC against closed forms: Mann-Whitney, per-label means, weights, logits. */
class AucTest {
    private static Tensor t(Object o) {
        return Tensor.of(o);
    }

    /** P(score of a positive > score of a negative) + P(tie) / 2, by comparing every pair. */
    private static double mannWhitney(float[] label, float[] score) {
        double wins = 0, pairs = 0;
        for (int i = 0; i < label.length; i++) {
            if (label[i] == 0) continue;
            for (int j = 0; j < label.length; j++) {
                if (label[j] != 0) continue;
                pairs++;
                wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
            }
        }
        return wins / pairs;
    }

    /**
     * Scores at the middle of the buckets between thresholds i/100: every distinct score is then
     * separated from the next by a threshold, so the trapezoids of the ROC curve are exact.
     */
    private static float[][] bucketMidScores(long seed, int n) {
        Random r = new Random(seed);
        float[] label = new float[n], score = new float[n];
        for (int i = 0; i < n; i++) {
            label[i] = r.nextInt(3) == 0 ? 1 : 0;
            int k = Math.min(99, Math.max(0, (int) (r.nextGaussian() * 20 + (label[i] == 1 ? 60 : 40))));
            score[i] = (float) ((k + 0.5) / 100);
        }
        return new float[][] {label, score};
    }

    @Test
    void rocAucIsTheMannWhitneyStatisticWhenThresholdsSeparateTheScores() {
        float[][] d = bucketMidScores(21, 1500);
        AUC auc = new AUC().numThresholds(101);
        for (int from = 0; from < 1500; from += 500)       // in batches
            auc.updateState(Ops.slice(Tensor.of(d[0], 1500), 0, from, from + 500), Ops.slice(Tensor.of(d[1], 1500), 0, from, from + 500));
        double exact = mannWhitney(d[0], d[1]);
        assertThat(exact).isBetween(0.6, 0.9);
        assertThat((double) auc.result().item()).isCloseTo(exact, within(2e-6));
    }

    @Test
    void multiLabelIsTheMeanOfTheLabelAucsAndLabelWeightsWeightIt() {
        Random r = new Random(5);
        int n = 200, labels = 3;
        float[] yt = new float[n * labels], yp = new float[n * labels];
        for (int i = 0; i < yt.length; i++) {
            yt[i] = r.nextInt(2);
            yp[i] = (float) Math.min(1, Math.max(0, 0.5 + (yt[i] - 0.5) * 0.3 * (1 + i % labels) + r.nextGaussian() * 0.3));
        }
        Tensor yTrue = Tensor.of(yt, n, labels), yPred = Tensor.of(yp, n, labels);
        for (String curve : new String[] {"ROC", "PR", "PRGAIN"}) {
            double[] perLabel = new double[labels];
            for (int l = 0; l < labels; l++) {
                AUC one = new AUC().curve(curve);
                one.updateState(Ops.slice(yTrue, 1, l, l + 1), Ops.slice(yPred, 1, l, l + 1));
                perLabel[l] = one.result().item();
            }
            assertThat(perLabel[0]).isNotEqualTo(perLabel[2]);
            AUC multi = new AUC().curve(curve).multiLabel(true);
            multi.updateState(yTrue, yPred);
            assertThat((double) multi.result().item()).as(curve)
                    .isCloseTo((perLabel[0] + perLabel[1] + perLabel[2]) / 3, within(1e-6));
            AUC weighted = new AUC().curve(curve).multiLabel(true).labelWeights(1, 0, 3);
            weighted.updateState(yTrue, yPred);
            assertThat((double) weighted.result().item()).as(curve)
                    .isCloseTo((perLabel[0] + 3 * perLabel[2]) / 4, within(1e-6));
        }
    }

    @Test
    void flatLabelWeightsAreEntryWeightsPerColumn() {
        Tensor yTrue = t(new int[][] {{0, 1}, {1, 1}, {1, 0}, {0, 0}});
        Tensor yPred = t(new double[][] {{0.3, 0.8}, {0.6, 0.2}, {0.9, 0.4}, {0.1, 0.7}});
        AUC byLabel = new AUC().labelWeights(0.25, 2);
        byLabel.updateState(yTrue, yPred, t(new double[] {1, 2, 3, 4}));
        AUC bySample = new AUC();
        bySample.updateState(yTrue, yPred, t(new double[][] {{0.25, 2}, {0.5, 4}, {0.75, 6}, {1, 8}}));
        assertThat(byLabel.result().item()).isEqualTo(bySample.result().item());
    }

    @Test
    void fromLogitsAppliesASigmoidFirst() {
        Tensor yTrue = t(new int[] {0, 1, 1, 0, 1}), logits = t(new double[] {-2, 0.3, 1.5, 0.2, -0.4});
        AUC fromLogits = new AUC().fromLogits(true).curve("PR"), probabilities = new AUC().curve("PR");
        fromLogits.updateState(yTrue, logits);
        probabilities.updateState(yTrue, Ops.sigmoid(logits));
        assertThat(fromLogits.result().item()).isEqualTo(probabilities.result().item()).isGreaterThan(0f);
    }

    @Test
    void rocSummationMethodsBoundTheInterpolation() {
        // Keras AUC docstring: thresholds (-eps, 0.5, 1+eps), tpr (1, 0.5, 0), fpr (1, 0, 0)
        Tensor yTrue = t(new int[] {0, 0, 1, 1}), yPred = t(new double[] {0, 0.5, 0.3, 0.9});
        float[] got = new float[3];
        String[] methods = {"minoring", "interpolation", "majoring"};
        for (int i = 0; i < 3; i++) {
            AUC m = new AUC().numThresholds(3).summationMethod(methods[i]);
            m.updateState(yTrue, yPred);
            got[i] = m.result().item();
        }
        assertThat(got).containsExactly(0.5f, 0.75f, 1f);
    }

    @Test
    void explicitThresholdsAreSortedAndBracketed() {
        AUC m = new AUC().thresholds(0.7, 0.2);
        assertThat(m.numThresholds()).isEqualTo(4);
        // thresholds (-eps, 0.2, 0.7, 1+eps): tpr (1, 1, 0.5, 0), fpr (1, 0.5, 0, 0)
        m.updateState(t(new int[] {0, 0, 1, 1}), t(new double[] {0.1, 0.5, 0.6, 0.9}));
        assertThat(m.result().item()).isCloseTo(0.5f * 1.0f + 0.5f * 0.75f, within(1e-6f));
    }

    @Test
    void multiLabelStateIsSizedByTheFirstUpdateOrByNumLabels() {
        AUC lazy = new AUC().multiLabel(true);
        assertThat(lazy.variables()).isEmpty();
        assertThat(lazy.result().item()).isZero();
        lazy.updateState(t(new int[][] {{0, 1, 1}}), t(new double[][] {{0.2, 0.7, 0.4}}));
        assertThat(lazy.variables()).hasSize(4);
        assertThat(lazy.variables().get(0).shape().dims()).containsExactly(200, 3);
        AUC sized = new AUC().multiLabel(true).numLabels(5).numThresholds(9);
        assertThat(sized.variables().get(0).shape().dims()).containsExactly(9, 5);
        assertThat(new AUC().variables().get(3).shape().dims()).containsExactly(200);
        assertThat(new AUC().variables().get(3).name()).endsWith("/false_negatives");
        // an AUC that saw no data merges into one that did, and the other way round
        AUC empty = new AUC().multiLabel(true);
        AUC seen = new AUC().multiLabel(true);
        seen.updateState(t(new int[][] {{0, 1}, {1, 0}}), t(new double[][] {{0.2, 0.7}, {0.9, 0.1}}));
        float before = seen.result().item();
        seen.merge(new AUC().multiLabel(true));
        empty.merge(seen);
        assertThat(seen.result().item()).isEqualTo(before).isEqualTo(1f);
        assertThat(empty.result().item()).isEqualTo(before);
    }
}
