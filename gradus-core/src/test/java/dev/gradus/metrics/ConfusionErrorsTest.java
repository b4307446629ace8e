package dev.gradus.metrics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad arguments and inputs fail when given, naming the argument, what was expected and what was received. */
class ConfusionErrorsTest {
    private static Tensor t(Object o) {
        return Tensor.of(o);
    }

    @Test
    void thresholdsOutsideTheUnitIntervalFail() {
        assertThatThrownBy(() -> new Precision().thresholds(0.5, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thresholds").hasMessageContaining("[0, 1]").hasMessageContaining("1.5");
        assertThatThrownBy(() -> new Recall().thresholds(-0.1)).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new TruePositives().thresholds(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new FalseNegatives().thresholds()).hasMessageContaining("at least one threshold");
        assertThatThrownBy(() -> new AUC().thresholds(0.2, 2)).hasMessageContaining("[0, 1]").hasMessageContaining("2.0");
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "FalsePositives", "config", Map.of("thresholds", List.of(0.1, 7)))))
                .hasMessageContaining("thresholds").hasMessageContaining("7.0");
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "TrueNegatives", "config", Map.of("thresholds", "high"))))
                .hasMessageContaining("a number or a list of numbers");
    }

    @Test
    void classIdOutOfRangeFails() {
        assertThatThrownBy(() -> new Precision().classId(-1)).hasMessageContaining("class_id must be >= 0, got -1");
        Precision p = new Precision().classId(3);
        assertThatThrownBy(() -> p.updateState(t(new int[][] {{0, 1, 0}}), t(new double[][] {{0.1, 0.8, 0.1}})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class_id must be in [0, 3)").hasMessageContaining("(1, 3)").hasMessageContaining("got 3");
        RecallAtPrecision r = new RecallAtPrecision(0.5).classId(1);
        assertThatThrownBy(() -> r.updateState(t(new int[] {0, 1}), t(new double[] {0.2, 0.7})))
                .hasMessageContaining("class_id needs y_pred of shape (num_samples, num_classes), got shape (2,)");
    }

    @Test
    void mismatchedShapesFail() {
        assertThatThrownBy(() -> new TruePositives().updateState(t(new int[] {0, 1, 1}), t(new double[] {0.2, 0.7, 0.1, 0.9})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("y_true and y_pred must have the same shape, got y_true (3,) and y_pred (4,)");
        assertThatThrownBy(() -> new AUC().updateState(t(new int[][] {{0, 1, 1}, {1, 0, 0}}), t(new double[][] {{0.2, 0.7}, {0.1, 0.9}, {0.3, 0.3}})))
                .hasMessageContaining("y_true (2, 3) and y_pred (3, 2)");
        assertThatThrownBy(() -> new Recall().updateState(t(new int[] {0, 1, 1}), t(new double[] {0.2, 0.7, 0.1}), t(new double[] {1, 2})))
                .hasMessageContaining("sample_weight of shape (2,) cannot be broadcast to y_pred of shape (3,)");
        assertThatThrownBy(() -> new Precision().updateState(null, t(new double[] {0.2})))
                .hasMessageContaining("y_true must not be null");
    }

    @Test
    void topKOutOfRangeFails() {
        assertThatThrownBy(() -> new Precision().topK(0)).hasMessageContaining("top_k must be >= 1, got 0");
        Recall r = new Recall().topK(4);
        assertThatThrownBy(() -> r.updateState(t(new int[][] {{0, 1, 0}}), t(new double[][] {{0.1, 0.8, 0.1}})))
                .hasMessageContaining("top_k = 4 is larger than the last axis of y_pred, shape (1, 3)");
    }

    @Test
    void targetsAndThresholdCountsAreChecked() {
        assertThatThrownBy(() -> new SensitivityAtSpecificity(1.5)).hasMessageContaining("specificity must be in [0.0, 1.0], got 1.5");
        assertThatThrownBy(() -> new PrecisionAtRecall(-0.2)).hasMessageContaining("recall");
        assertThatThrownBy(() -> new SpecificityAtSensitivity(0.5).numThresholds(0)).hasMessageContaining("num_thresholds must be >= 1, got 0");
        assertThatThrownBy(() -> new AUC().numThresholds(1)).hasMessageContaining("num_thresholds must be >= 2, got 1");
        assertThatThrownBy(() -> new KolmogorovSmirnov().numThresholds(1)).hasMessageContaining("num_thresholds must be >= 2, got 1");
        assertThatThrownBy(() -> Metrics.get("recall_at_precision")).hasMessageContaining("config key 'precision' is required");
    }

    @Test
    void aucOptionsAreChecked() {
        assertThatThrownBy(() -> new AUC().curve("ROCX")).hasMessageContaining("curve must be one of [ROC, PR, PRGAIN]").hasMessageContaining("'ROCX'");
        assertThatThrownBy(() -> new AUC().curve("Pr")).hasMessageContaining("'Pr'");
        assertThatThrownBy(() -> new AUC().summationMethod("riemann")).hasMessageContaining("summation_method").hasMessageContaining("'riemann'");
        assertThatThrownBy(() -> new AUC().labelWeights(1, Double.NaN)).hasMessageContaining("label_weights");
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "AUC", "config", Map.of("num_labels", 3))))
                .hasMessageContaining("num_labels is needed only when multi_label is true");
        AUC m = new AUC().multiLabel(true);
        assertThatThrownBy(() -> m.updateState(t(new int[] {0, 1}), t(new double[] {0.2, 0.7})))
                .hasMessageContaining("y_pred must have rank 2 (samples, labels) when multi_label is true, got shape (2,)");
        m.updateState(t(new int[][] {{0, 1}}), t(new double[][] {{0.2, 0.7}}));
        assertThatThrownBy(() -> m.updateState(t(new int[][] {{0, 1, 1}}), t(new double[][] {{0.2, 0.7, 0.1}})))
                .hasMessageContaining("y_pred has 3 labels (shape (1, 3)), the state was built for 2");
        AUC w = new AUC().multiLabel(true).labelWeights(1, 2, 3);
        assertThatThrownBy(() -> w.updateState(t(new int[][] {{0, 1}}), t(new double[][] {{0.2, 0.7}})))
                .hasMessageContaining("label_weights holds 3 values for 2 labels");
        assertThatThrownBy(() -> Metrics.get("aucc")).hasMessageContaining("Unknown metric: 'aucc'").hasMessageContaining("'auc'");
        assertThatThrownBy(() -> Metrics.get(Map.of("class_name", "AUC", "config", Map.of("curv", "PR"))))
                .hasMessageContaining("unknown config key").hasMessageContaining("curv");
    }

    @Test
    void optionsThatSizeTheStateCannotChangeAfterFirstUse() {
        Precision p = new Precision();
        p.updateState(t(new int[] {1}), t(new double[] {0.7}));
        assertThatThrownBy(() -> p.thresholds(0.2, 0.4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("thresholds must be set before the metric is first used");
        AUC a = new AUC();
        a.result();
        assertThatThrownBy(() -> a.numThresholds(10)).hasMessageContaining("num_thresholds must be set before");
    }

    @Test
    void onlyMetricsBuiltAlikeMerge() {
        assertThatThrownBy(() -> new Precision().thresholds(0.3).merge(new Precision().thresholds(0.6)))
                .hasMessageContaining("only metrics built alike can be merged");
        assertThatThrownBy(() -> new AUC().merge(new AUC().curve("PR"))).hasMessageContaining("curve=PR");
        assertThatThrownBy(() -> new Precision().merge(new Recall())).hasMessageContaining("cannot merge a Recall into a Precision");
    }
}
