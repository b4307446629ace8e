package dev.gradus.metrics;

import static dev.gradus.metrics.CoreAsserts.t;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad arguments fail when set, naming the argument, what was expected and what was received. */
class CoreBadInputTest {
    @Test
    void kBelowOne() {
        assertThatThrownBy(() -> new TopKCategoricalAccuracy().k(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TopKCategoricalAccuracy: k must be >= 1, got 0");
        assertThatThrownBy(() -> new SparseTopKCategoricalAccuracy().k(-3))
                .hasMessage("SparseTopKCategoricalAccuracy: k must be >= 1, got -3");
        assertThatThrownBy(() -> Metrics.topKCategoricalAccuracy(t(new int[][] {{1, 0}}), t(new double[][] {{0.3, 0.7}}), 0))
                .hasMessageContaining("k must be >= 1, got 0");
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "TopKCategoricalAccuracy", "config", Map.of("k", 0))))
                .hasMessageContaining("k must be >= 1, got 0");
    }

    @Test
    void betaNotPositive() {
        assertThatThrownBy(() -> new FBetaScore().beta(0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FBetaScore: beta must be > 0, got 0.0");
        assertThatThrownBy(() -> new FBetaScore().beta(-0.5)).hasMessage("FBetaScore: beta must be > 0, got -0.5");
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "FBetaScore", "config", Map.of("beta", -2.0))))
                .hasMessageContaining("beta must be > 0, got -2.0");
    }

    @Test
    void thresholdsOutOfRange() {
        assertThatThrownBy(() -> new BinaryAccuracy().threshold(1.0))
                .hasMessage("BinaryAccuracy: threshold must be in the open interval (0, 1), got 1.0");
        assertThatThrownBy(() -> new BinaryAccuracy().threshold(0)).hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> new F1Score().threshold(-0.1)).hasMessageContaining("0 < threshold <= 1, got -0.1");
        assertThatThrownBy(() -> new BinaryIoU().threshold(Double.NaN)).hasMessageContaining("threshold must be a finite number");
    }

    @Test
    void configErrorsNameTheKey() {
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "BinaryAccuracy", "config", Map.of("treshold", 0.3))))
                .hasMessageContaining("unknown config key [treshold]");
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "TopKCategoricalAccuracy", "config", Map.of("k", "five"))))
                .hasMessageContaining("'k' must be an integer, got 'five'");
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "MeanIoU", "config", Map.of())))
                .hasMessageContaining("'num_classes' is required");
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "F1Score", "config", Map.of("beta", 2.0))))
                .hasMessageContaining("F1Score: beta is fixed at 1, got 2.0");
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "MeanMetricWrapper", "config", Map.of())))
                .hasMessageContaining("'fn' must name a registered metric function");
    }

    @Test
    void nullInputsAreNamed() {
        assertThatThrownBy(() -> new Accuracy().updateState(null, t(new int[] {1})))
                .hasMessage("Accuracy: yTrue must not be null");
        assertThatThrownBy(() -> new R2Score().updateState(t(new int[][] {{1}}), null))
                .hasMessage("R2Score: yPred must not be null");
        assertThatThrownBy(() -> new MeanIoU(2).updateState(t(new int[] {1}), null))
                .hasMessage("MeanIoU: yPred must not be null");
    }

    @Test
    void mismatchedShapesNameBoth() {
        assertThatThrownBy(() -> new Accuracy().updateState(t(new int[][] {{1, 2, 3}}), t(new int[][] {{1, 2}})))
                .hasMessageContaining("(1, 3)").hasMessageContaining("(1, 2)");
        assertThatThrownBy(() -> new R2Score().updateState(t(new int[][] {{1, 2}}), t(new int[][] {{1, 2, 3}})))
                .hasMessageContaining("same shape");
        assertThatThrownBy(() -> new Accuracy().updateState(t(new int[] {1, 2}), t(new int[] {1, 2}), t(new int[] {1, 1, 1})))
                .hasMessageContaining("sampleWeight of shape (3,)");
    }
}
