package dev.gradus.metrics;

import static dev.gradus.metrics.CoreAsserts.close;
import static dev.gradus.metrics.CoreAsserts.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AccuracyMetricsTest {
    @Test
    void accuracyComparesElementwise() {
        Accuracy m = new Accuracy();
        m.updateState(t(new int[][] {{1}, {2}, {3}, {4}}), t(new int[][] {{0}, {2}, {3}, {4}}));
        close(m.result(), 0.75);
        m.resetState();
        m.updateState(t(new int[][] {{1}, {2}, {3}, {4}}), t(new int[][] {{0}, {2}, {3}, {4}}), t(new int[] {1, 1, 0, 0}));
        close(m.result(), 0.5);
        // elementwise weights on (2, 2) labels: one hit of weight 1, one miss of weight 1
        m.resetState();
        m.updateState(t(new int[][] {{1, 2}, {3, 4}}), t(new int[][] {{0, 2}, {3, 4}}), t(new int[][] {{1, 0}, {0, 1}}));
        close(m.result(), 0.5);
        assertThat(m.name()).isEqualTo("accuracy");
        assertThat(m.direction()).isEqualTo(Direction.UP);
    }

    @Test
    void binaryAccuracyThresholdsStrictly() {
        BinaryAccuracy m = new BinaryAccuracy();
        m.updateState(t(new int[][] {{1}, {1}, {0}, {0}}), t(new double[][] {{0.98}, {1}, {0}, {0.6}}));
        close(m.result(), 0.75);
        m.resetState();
        m.updateState(t(new int[][] {{1}, {1}, {0}, {0}}), t(new double[][] {{0.98}, {1}, {0}, {0.6}}), t(new int[] {1, 0, 0, 1}));
        close(m.result(), 0.5);
        // 0.5 is not above 0.5 (trap T11)
        m.resetState();
        m.updateState(t(new int[] {1, 0}), t(new double[] {0.5, 0.5}));
        close(m.result(), 0.5);
        BinaryAccuracy low = new BinaryAccuracy().threshold(0.3);
        low.updateState(t(new int[][] {{1}, {1}, {0}, {0}}), t(new double[][] {{0.98}, {0.5}, {0.1}, {0.2}}));
        close(low.result(), 1.0);
    }

    @Test
    void binaryAccuracyWeightsBroadcastPerElement() {
        BinaryAccuracy m = new BinaryAccuracy();
        m.updateState(t(new int[][] {{1, 1}, {0, 0}}), t(new double[][] {{0.98, 1}, {0, 0.6}}), t(new int[][] {{1, 0}}));
        close(m.result(), 1.0);
    }

    @Test
    void categoricalAccuracyComparesArgmaxes() {
        CategoricalAccuracy m = new CategoricalAccuracy();
        Tensor yTrue = t(new int[][] {{0, 0, 1}, {0, 1, 0}});
        Tensor yPred = t(new double[][] {{0.1, 0.9, 0.8}, {0.05, 0.95, 0}});
        m.updateState(yTrue, yPred);
        close(m.result(), 0.5);
        m.resetState();
        m.updateState(yTrue, yPred, t(new double[] {0.7, 0.3}));
        close(m.result(), 0.3);
        close(Metrics.categoricalAccuracy(yTrue, yPred), 0, 1);
    }

    @Test
    void sparseCategoricalAccuracyTakesBothLabelShapes() {
        SparseCategoricalAccuracy m = new SparseCategoricalAccuracy();
        Tensor yPred = t(new double[][] {{0.1, 0.6, 0.3}, {0.05, 0.95, 0}});
        m.updateState(t(new int[][] {{2}, {1}}), yPred);
        close(m.result(), 0.5);
        m.resetState();
        m.updateState(t(new int[] {2, 1}), yPred, t(new double[] {0.7, 0.3}));
        close(m.result(), 0.3);
        assertThat(Metrics.sparseCategoricalAccuracy(t(new int[][] {{2}, {1}}), yPred).shape().dims()).containsExactly(2);
    }

    @Test
    void topKCountsTiesAtTheBoundaryAsHits() {
        TopKCategoricalAccuracy m = new TopKCategoricalAccuracy().k(1);
        m.updateState(t(new int[][] {{0, 0, 1}, {0, 1, 0}}), t(new double[][] {{0.1, 0.9, 0.8}, {0.05, 0.95, 0}}));
        close(m.result(), 0.5);
        // target score 0.5 tied with another 0.5 and below 0.9: one strictly greater, so a hit at k = 2
        Tensor yPred = t(new double[][] {{0.9, 0.5, 0.5}});
        close(Metrics.topKCategoricalAccuracy(t(new int[][] {{0, 0, 1}}), yPred, 2), 1);
        close(Metrics.topKCategoricalAccuracy(t(new int[][] {{0, 0, 1}}), yPred, 1), 0);
        assertThat(new TopKCategoricalAccuracy().k()).isEqualTo(5);
    }

    @Test
    void sparseTopK() {
        SparseTopKCategoricalAccuracy m = new SparseTopKCategoricalAccuracy().k(1);
        m.updateState(t(new int[] {2, 1}), t(new double[][] {{0.1, 0.9, 0.8}, {0.05, 0.95, 0}}), t(new double[] {0.7, 0.3}));
        close(m.result(), 0.3);
        SparseTopKCategoricalAccuracy k2 = new SparseTopKCategoricalAccuracy().k(2);
        k2.updateState(t(new int[][] {{2}, {2}}), t(new double[][] {{0.1, 0.9, 0.8}, {0.05, 0.95, 0}}));
        close(k2.result(), 0.5);
    }

    @Test
    void sparseTopKFromSortedIds() {
        // yPred holds ids sorted by score: row 0's best id is 1, row 1's is 1
        SparseTopKCategoricalAccuracy m = new SparseTopKCategoricalAccuracy().k(1).fromSortedIds(true);
        m.updateState(t(new int[] {2, 1}), t(new int[][] {{1, 0, 3}, {1, 2, 3}}));
        close(m.result(), 0.5);
        SparseTopKCategoricalAccuracy k2 = new SparseTopKCategoricalAccuracy().k(2).fromSortedIds(true);
        k2.updateState(t(new int[] {0, 3}), t(new int[][] {{1, 0, 3}, {1, 2, 3}}));
        close(k2.result(), 0.5);
    }

    @Test
    void aNaNTargetScoreIsNeverInTheTopK() {
        // JAX's in_top_k reads a NaN target as -inf: one score above it, so out of the top 1
        close(Metrics.sparseTopKCategoricalAccuracy(t(new int[] {0}), t(new double[][] {{Double.NaN, 0.1}}), 1, false), 0);
    }

    @Test
    void topKRejectsLabelsOutsideTheClasses() {
        assertThatThrownBy(() -> new SparseTopKCategoricalAccuracy().updateState(t(new int[] {3}), t(new double[][] {{0.1, 0.9}})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 2)").hasMessageContaining("3.0");
        assertThatThrownBy(() -> new SparseTopKCategoricalAccuracy().updateState(t(new int[] {1, 0, 1}), t(new double[][] {{0.1, 0.9}})))
                .hasMessageContaining("3 targets for 1 rows");
    }
}
