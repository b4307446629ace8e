package dev.gradus.metrics;

import static dev.gradus.metrics.CoreAsserts.close;
import static dev.gradus.metrics.CoreAsserts.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CoreReductionTest {
    @Test
    void meanOfValuesAndWeightedMean() {
        Mean m = new Mean();
        m.updateState(t(new int[] {1, 3, 5, 7}));
        close(m.result(), 4);
        m.resetState();
        m.updateState(t(new int[] {1, 3, 5, 7}), t(new int[] {1, 1, 0, 0}));
        close(m.result(), 2);
        assertThat(m.name()).isEqualTo("mean");
        assertThat(m.direction()).isEqualTo(Direction.NONE);
    }

    @Test
    void meanAccumulatesAcrossUpdatesAndCallReturnsTheRunningValue() {
        Mean m = new Mean();
        close(m.call(t(new int[] {1, 3})), 2);
        close(m.call(t(new int[] {5, 7})), 4);
        close(m.result(), 4);
    }

    @Test
    void nothingSeenIsZeroNotNaN() {
        close(new Mean().result(), 0);
        close(new Sum().result(), 0);
    }

    @Test
    void rowsOfValuesAreAveragedPerSampleFirst() {
        // per-sample means 2 and 6, weights 1 and 3: (2 + 18) / 4
        Mean m = new Mean();
        m.updateState(t(new int[][] {{1, 3}, {5, 7}}), t(new int[] {1, 3}));
        close(m.result(), 5);
    }

    @Test
    void elementwiseWeightsAreReducedLikeTheValues() {
        // Keras reduction_metrics_test: values [[1,3],[5,7]], weights [[1,1],[1,0]] -> 3
        Mean m = new Mean();
        m.updateState(t(new int[][] {{1, 3}, {5, 7}}), t(new int[][] {{1, 1}, {1, 0}}));
        close(m.result(), 3);
        Sum s = new Sum();
        s.updateState(t(new int[][] {{1, 3}, {5, 7}}), t(new int[][] {{1, 1}, {1, 0}}));
        close(s.result(), 9);
    }

    @Test
    void aRowOfWeightsBroadcastsOverSamples() {
        Mean m = new Mean();
        m.updateState(t(new int[][] {{1, 3}, {5, 7}}), t(new int[][] {{1, 0}}));
        close(m.result(), 3);
        Sum s = new Sum();
        s.updateState(t(new int[][] {{1, 3}, {5, 7}}), t(new int[][] {{1, 0}}));
        close(s.result(), 6);
    }

    @Test
    void aScalarWeightCountsTheWholeBatchAsThatManySamples() {
        // trap T15: values are averaged over the batch, and the batch counts as w samples
        Mean m = new Mean();
        m.updateState(t(new int[] {1, 3, 5, 7}), Tensor.scalar(2));
        m.updateState(t(new int[] {10}), Tensor.scalar(1));
        close(m.result(), (4 * 2 + 10) / 3.0);
    }

    @Test
    void negativeWeightsAreAccepted() {
        Mean m = new Mean();
        m.updateState(t(new int[] {1, 2}), t(new int[] {3, -1}));
        close(m.result(), (3 - 2) / 2.0);
    }

    @Test
    void sumOfValues() {
        Sum s = new Sum();
        s.updateState(t(new int[] {1, 3, 5, 7}));
        close(s.result(), 16);
        s.updateState(t(new int[] {1, 3, 5, 7}), t(new int[] {1, 1, 0, 0}));
        close(s.result(), 20);
        assertThat(s.name()).isEqualTo("sum");
    }

    @Test
    void meanAndSumTakeValuesNotLabels() {
        assertThatThrownBy(() -> new Mean().updateState(t(new int[] {1}), t(new int[] {1}), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updateState(values");
        assertThatThrownBy(() -> new Sum().updateState(t(new int[] {1}), t(new int[] {1}), null))
                .hasMessageContaining("updateState(values");
    }

    @Test
    void weightsThatDoNotBroadcastNameBothShapes() {
        assertThatThrownBy(() -> new Mean().updateState(t(new int[][] {{1, 3}, {5, 7}}), t(new int[] {1, 2, 3})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sampleWeight of shape (3,)").hasMessageContaining("(2,)");
        assertThatThrownBy(() -> new Mean().updateState(null)).hasMessageContaining("values must not be null");
    }

    @Test
    void meanMetricWrapperAveragesAFunctionsValuesWithWeights() {
        // Keras MetricWrapperTest: elementwise squared error, weights [[1, 0, .5, 0, 1]] broadcast over rows -> 0.45
        MeanMetricWrapper m = new MeanMetricWrapper((yt, yp) -> Ops.square(Ops.sub(yt, yp)));
        Tensor yTrue = t(new int[][] {{0, 1, 0, 1, 0}, {0, 0, 1, 1, 1}, {1, 1, 1, 1, 0}, {0, 0, 0, 0, 1}});
        Tensor yPred = t(new int[][] {{0, 0, 1, 1, 0}, {1, 1, 1, 1, 1}, {0, 1, 0, 1, 0}, {1, 1, 1, 1, 1}});
        m.updateState(yTrue, yPred, t(new double[][] {{1, 0, 0.5, 0, 1}}));
        close(m.result(), 0.45);
        m.resetState();
        m.updateState(yTrue, yPred);
        close(m.result(), 0.5);
        assertThat(m.name()).startsWith("mean_metric_wrapper");
        assertThat(m.direction()).isEqualTo(Direction.NONE);
    }

    @Test
    void namedFunctionsMakeTheWrapperSerializable() {
        MeanMetricWrapper m = MeanMetricWrapper.of("binary_accuracy");
        assertThat(m.getConfig()).containsEntry("fn", "binary_accuracy");
        m.updateState(t(new int[] {1, 0}), t(new double[] {0.7, 0.9}));
        close(m.result(), 0.5);
        Metric back = Metrics.get(Metrics.serialize(m));
        assertThat(back).isInstanceOf(MeanMetricWrapper.class);
        assertThat(back.getConfig()).isEqualTo(m.getConfig());
        assertThatThrownBy(() -> MeanMetricWrapper.of("binary_acuracy"))
                .hasMessageContaining("Unknown metric function: 'binary_acuracy'").hasMessageContaining("'binary_accuracy'");
    }
}
