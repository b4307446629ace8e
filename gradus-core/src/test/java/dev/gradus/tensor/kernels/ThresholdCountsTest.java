package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass bucketing gives the counts of comparing every prediction with every threshold. */
class ThresholdCountsTest {

    /** {tp, fp, tn, fn}[threshold * labels + label] by the definition: positive iff p > threshold. */
    private static double[][] naive(float[] pred, float[] label, float[] weight, int labels, float[] thresholds) {
        int n = thresholds.length;
        double[][] c = new double[4][n * labels];
        for (int i = 0; i < pred.length; i++) {
            int l = i % labels;
            double w = weight == null ? 1 : weight[i];
            for (int t = 0; t < n; t++) {
                boolean predicted = pred[i] > thresholds[t], actual = label[i] != 0;
                int k = predicted ? (actual ? 0 : 1) : (actual ? 3 : 2);
                c[k][t * labels + l] += w;
            }
        }
        return c;
    }

    private static void assertCounts(double[][] got, double[][] want) {
        for (int k = 0; k < 4; k++)
            for (int i = 0; i < want[k].length; i++)
                assertThat(got[k][i]).as("count %d at %d", k, i).isCloseTo(want[k][i], within(1e-9 * (1 + Math.abs(want[k][i]))));
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2, 3})
    void sortedThresholdsMatchTheDefinition(int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            Random r = new Random(11);
            // up to 8 thresholds are counted by comparing with each, more by binary search
            float[] few = {-1e10f, 0f, 0.1f, 0.25f, 0.25f, 0.5f, 0.99f, 1f};
            float[] many = {-1e10f, 0f, 0.05f, 0.1f, 0.2f, 0.25f, 0.25f, 0.3f, 0.5f, 0.7f, 0.99f, 1f, 3f};
            for (float[] thresholds : new float[][] {few, many})
            for (int labels : new int[] {1, 3}) {
                for (int rows : new int[] {7, 40_000}) {           // 40k rows split across threads
                    int n = rows * labels;
                    float[] pred = new float[n], label = new float[n], weight = new float[n];
                    for (int i = 0; i < n; i++) {
                        // values on the thresholds themselves, outside [0, 1] and NaN included
                        pred[i] = switch (r.nextInt(8)) {
                            case 0 -> thresholds[r.nextInt(thresholds.length)];
                            case 1 -> (float) (r.nextGaussian() * 3);
                            case 2 -> Float.NaN;
                            default -> r.nextFloat();
                        };
                        label[i] = r.nextInt(3) == 0 ? 0f : r.nextInt(2) + 0.5f;   // any non-zero label is positive
                        weight[i] = (float) r.nextGaussian();
                    }
                    assertCounts(ThresholdCounts.sorted(pred, label, weight, labels, thresholds).counts(),
                            naive(pred, label, weight, labels, thresholds));
                    assertCounts(ThresholdCounts.sorted(pred, label, null, labels, thresholds).counts(),
                            naive(pred, label, null, labels, thresholds));
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void evenThresholdsMatchTheDefinitionInsideTheUnitInterval(int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            Random r = new Random(12);
            int numThresholds = 200, n = 90_000;
            float[] unit = new float[numThresholds], withEps = new float[numThresholds];
            for (int i = 0; i < numThresholds; i++) unit[i] = withEps[i] = (float) ((double) i / (numThresholds - 1));
            withEps[0] = -1e-7f;
            withEps[numThresholds - 1] = 1.0000001f;
            float[] pred = new float[n], label = new float[n], weight = new float[n];
            for (int i = 0; i < n; i++) {
                // exactly 0 and 1, else clear of the thresholds: on a threshold Keras's float arithmetic decides
                pred[i] = i % 50 == 0 ? (i % 100 == 0 ? 0f : 1f)
                        : (float) ((r.nextInt(numThresholds - 1) + 0.001 + 0.998 * r.nextDouble()) / (numThresholds - 1));
                label[i] = r.nextInt(2);
                weight[i] = r.nextFloat() * 3;
            }
            assertCounts(ThresholdCounts.even(pred, label, weight, 1, numThresholds, false).counts(),
                    naive(pred, label, weight, 1, unit));
            assertCounts(ThresholdCounts.even(pred, label, weight, 1, numThresholds, true).counts(),
                    naive(pred, label, weight, 1, withEps));
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void evenBucketsFollowKerasDocstringExample() {
        // keras metrics_utils: y_true [0, 0, 1, 1], y_pred [0.1, 0.5, 0.3, 0.9], thresholds [0, 0.5, 1]
        // buckets [0, 0, 0, 1]: tp = [2, 1, 0], fp = [2, 0, 0]
        double[][] c = ThresholdCounts.even(new float[] {0.1f, 0.5f, 0.3f, 0.9f}, new float[] {0, 0, 1, 1}, null, 1, 3, false).counts();
        assertThat(c[0]).containsExactly(2, 1, 0);
        assertThat(c[1]).containsExactly(2, 0, 0);
        assertThat(c[2]).containsExactly(0, 2, 2);
        assertThat(c[3]).containsExactly(0, 1, 2);
    }

    @Test
    void evenBucketsAreKerasCeilFormulaOnAndAroundEveryThreshold() {
        // Keras: bucket = ceil(clip(p, 0, 1) * (n - 1)) - 1 in float32 (relu'd with epsilon ends)
        for (int n : new int[] {3, 101, 200}) {
            float scale = n - 1;
            for (int i = 0; i < n; i++) {
                float v = (float) ((double) i / (n - 1));
                for (float p : new float[] {Math.nextDown(v), v, Math.nextUp(v)}) {
                    for (boolean eps : new boolean[] {false, true}) {
                        float clipped = Math.min(1f, Math.max(0f, p));
                        int want = (int) Math.ceil(clipped * scale) - 1;
                        if (eps) want = Math.max(want, 0);
                        double[] tp = ThresholdCounts.even(new float[] {p}, new float[] {1}, null, 1, n, eps).counts()[0];
                        int got = -1;
                        while (got + 1 < n && tp[got + 1] == 1) got++;
                        assertThat(got).as("n=%d p=%s eps=%s", n, p, eps).isEqualTo(want);
                    }
                }
            }
        }
    }

    @Test
    void evenBucketsClipPredictionsLikeKeras() {
        // clipped to [0, 1]: 2.0 counts as 1.0 (not above the last threshold), -1 as 0
        double[][] c = ThresholdCounts.even(new float[] {2f, -1f}, new float[] {1, 1}, null, 1, 3, false).counts();
        assertThat(c[0]).containsExactly(1, 1, 0);
        assertThat(c[3]).containsExactly(1, 1, 2);
    }

    @Test
    void rejectsInconsistentInputs() {
        float[] four = new float[4];
        assertThatThrownBy(() -> ThresholdCounts.sorted(four, new float[3], null, 1, new float[] {0.5f}))
                .hasMessageContaining("4 predictions, 3 labels");
        assertThatThrownBy(() -> ThresholdCounts.sorted(four, four, null, 3, new float[] {0.5f}))
                .hasMessageContaining("rows of 3");
        assertThatThrownBy(() -> ThresholdCounts.sorted(four, four, null, 1, new float[] {0.5f, 0.2f}))
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> ThresholdCounts.addInto(new float[2], new double[3], 1)).hasMessageContaining("2 state values, 3 deltas");
    }
}
