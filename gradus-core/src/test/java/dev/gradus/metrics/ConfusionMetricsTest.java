package dev.gradus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values of the counts, Precision, Recall and the *At* metrics, their names, directions and configs. */
class ConfusionMetricsTest {
    private static Tensor t(Object o) {
        return Tensor.of(o);
    }

    private static float value(Metric m) {
        Tensor r = m.result();
        assertThat(r.rank()).as("scalar result of " + m).isZero();
        return r.item();
    }

    @Test
    void countsFollowTheKerasDocstrings() {
        Metric fp = new FalsePositives();
        fp.updateState(t(new int[] {0, 1, 0, 0}), t(new int[] {0, 0, 1, 1}), t(new int[] {0, 0, 1, 0}));
        assertThat(value(fp)).isEqualTo(1f);
        Metric fn = new FalseNegatives();
        fn.updateState(t(new int[] {0, 1, 1, 1}), t(new int[] {0, 1, 0, 0}), t(new int[] {0, 0, 1, 0}));
        assertThat(value(fn)).isEqualTo(1f);
        Metric tp = new TruePositives();
        tp.updateState(t(new int[] {0, 1, 1, 1}), t(new int[] {1, 0, 1, 1}));
        assertThat(value(tp)).isEqualTo(2f);
        Metric tn = new TrueNegatives();
        tn.updateState(t(new int[] {0, 1, 0, 0}), t(new int[] {1, 1, 0, 0}));
        assertThat(value(tn)).isEqualTo(2f);
    }

    @Test
    void severalThresholdsGiveAVectorAndStateAccumulatesOverUpdates() {
        TruePositives tp = new TruePositives().thresholds(0.2, 0.5, 0.8);
        tp.updateState(t(new int[] {1, 1, 0}), t(new double[] {0.3, 0.9, 0.95}));
        tp.updateState(t(new int[] {1}), t(new double[] {0.6}));
        assertThat(tp.result().shape().dims()).containsExactly(3);
        assertThat(tp.result().toFloatArray()).containsExactly(3, 2, 1);
        tp.resetState();
        assertThat(tp.result().toFloatArray()).containsExactly(0, 0, 0);
    }

    @Test
    void aPredictionOnTheThresholdIsNotPositive() {
        // strict y_pred > threshold (T11)
        Precision p = new Precision();
        Recall r = new Recall();
        for (Metric m : List.of(p, r)) m.updateState(t(new int[] {1, 1}), t(new double[] {0.5, 0.50001}));
        assertThat(value(p)).isEqualTo(1f);
        assertThat(value(r)).isEqualTo(0.5f);
    }

    @Test
    void evenlySpacedThresholdsClipPredictionsAsKerasDoes() {
        // [0, 0.5, 1] takes Keras's bucketing path, which clips y_pred to [0, 1]: 2.0 is not above 1.
        // [0, 0.5, 0.9] compares directly: 2.0 is above 0.9.
        Tensor yTrue = t(new int[] {1, 0}), yPred = t(new double[] {2.0, 0.7});
        Precision even = new Precision().thresholds(0, 0.5, 1);
        Precision uneven = new Precision().thresholds(0, 0.5, 0.9);
        even.updateState(yTrue, yPred);
        uneven.updateState(yTrue, yPred);
        assertThat(even.result().toFloatArray()).containsExactly(0.5f, 0.5f, 0f);
        assertThat(uneven.result().toFloatArray()).containsExactly(0.5f, 0.5f, 1f);
    }

    @Test
    void topKFollowsTheKerasDocstring() {
        Precision top2 = new Precision().topK(2), top4 = new Precision().topK(4);
        for (Metric m : List.of(top2, top4)) m.updateState(t(new int[] {0, 0, 1, 1}), t(new int[] {1, 1, 1, 1}));
        assertThat(value(top2)).isEqualTo(0f);      // ties: the lower indices are kept
        assertThat(value(top4)).isEqualTo(0.5f);
    }

    @Test
    void classIdUsesOneColumnWithPerRowWeights() {
        Tensor yTrue = t(new int[][] {{0, 0, 1}, {0, 0, 1}, {1, 0, 0}});
        Tensor yPred = t(new double[][] {{0.1, 0.2, 0.7}, {0.6, 0.3, 0.1}, {0.2, 0.2, 0.6}});
        Tensor w = t(new double[] {1, 2, 3});
        Precision p = new Precision().classId(2);
        Recall r = new Recall().classId(2);
        p.updateState(yTrue, yPred, w);
        r.updateState(yTrue, yPred, w);
        assertThat(value(p)).isCloseTo(1f / 4, within(1e-7f));    // tp = 1 (row 0), fp = 3 (row 2)
        assertThat(value(r)).isCloseTo(1f / 3, within(1e-7f));    // fn = 2 (row 1)
    }

    @Test
    void topKIsAppliedBeforeTheClassColumn() {
        Precision p = new Precision().topK(1).classId(0);
        p.updateState(t(new int[][] {{1, 0}, {0, 1}, {1, 0}}), t(new double[][] {{0.6, 0.9}, {0.8, 0.1}, {0.7, 0.2}}));
        assertThat(value(p)).isEqualTo(0.5f);      // row 0 drops column 0; rows 1 and 2 keep it: fp + tp
    }

    @Test
    void atMetricsFollowTheKerasDocstrings() {
        Tensor yTrue = t(new int[] {0, 0, 0, 1, 1}), yPred = t(new double[] {0, 0.3, 0.8, 0.3, 0.8});
        Metric spec = new SpecificityAtSensitivity(0.5);
        spec.updateState(yTrue, yPred, t(new int[] {1, 1, 2, 2, 2}));
        assertThat(value(spec)).isCloseTo(0.5f, within(1e-6f));
        Metric prec = new PrecisionAtRecall(0.5);
        prec.updateState(yTrue, yPred, t(new int[] {2, 2, 2, 1, 1}));
        assertThat(value(prec)).isCloseTo(0.33333333f, within(1e-6f));
        Metric sens = new SensitivityAtSpecificity(0.5);
        sens.updateState(yTrue, yPred);
        assertThat(value(sens)).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void anUnreachableTargetGivesZero() {
        RecallAtPrecision m = new RecallAtPrecision(1.0);
        m.updateState(t(new int[] {1, 0}), t(new double[] {0.2, 0.9}));     // precision 1 is never reached
        assertThat(value(m)).isZero();
    }

    @Test
    void aSingleThresholdIsOneHalf() {
        // num_thresholds = 1 is Keras's single threshold 0.5: recall 1/2 there, specificity 1
        SensitivityAtSpecificity m = new SensitivityAtSpecificity(1.0).numThresholds(1);
        m.updateState(t(new int[] {1, 1, 0}), t(new double[] {0.4, 0.6, 0.1}));
        assertThat(value(m)).isEqualTo(0.5f);
    }

    @Test
    void directionsAndDefaultNames() {
        assertThat(new TruePositives().direction()).isEqualTo(Direction.NONE);
        assertThat(new FalseNegatives().direction()).isEqualTo(Direction.NONE);
        for (Metric m : List.of(new Precision(), new Recall(), new AUC(), new KolmogorovSmirnov(), new SensitivityAtSpecificity(0.5),
                new SpecificityAtSensitivity(0.5), new PrecisionAtRecall(0.5), new RecallAtPrecision(0.5)))
            assertThat(m.direction()).as(m.toString()).isEqualTo(Direction.UP);
        assertThat(new TruePositives().name()).startsWith("true_positives");
        assertThat(new SpecificityAtSensitivity(0.5).name()).startsWith("specificity_at_sensitivity");
        assertThat(new KolmogorovSmirnov().name()).startsWith("kolmogorov_smirnov");
        AUC a = new AUC(), b = new AUC();
        assertThat(a.name()).startsWith("auc");
        assertThat(b.name()).startsWith("auc_").isNotEqualTo(a.name());      // T12
    }

    @Test
    void configsHaveKerasKeysInKerasOrder() {
        assertThat(new TruePositives().getConfig().keySet()).containsExactly("name", "dtype", "thresholds");
        assertThat(new Recall().getConfig().keySet()).containsExactly("name", "dtype", "thresholds", "top_k", "class_id");
        assertThat(new RecallAtPrecision(0.7).getConfig().keySet())
                .containsExactly("name", "dtype", "class_id", "num_thresholds", "precision");
        assertThat(new SensitivityAtSpecificity(0.7).getConfig()).containsEntry("specificity", 0.7).containsEntry("num_thresholds", 200);
        assertThat(new AUC().getConfig().keySet()).containsExactly("name", "dtype", "num_thresholds", "curve",
                "summation_method", "multi_label", "num_labels", "label_weights", "from_logits");
        Map<String, Object> c = new AUC().thresholds(0.7, 0.2).getConfig();
        assertThat(c).containsEntry("num_thresholds", 4).containsEntry("thresholds", List.of(0.2, 0.7));
        assertThat(new Precision().thresholds(0.7).getConfig()).containsEntry("thresholds", 0.7);
        assertThat(new Precision().thresholds(0.3, 0.7).getConfig()).containsEntry("thresholds", List.of(0.3, 0.7));
        assertThat(new KolmogorovSmirnov().getConfig().keySet()).containsExactly("name", "dtype", "num_thresholds");
    }

    @Test
    void everyConfigRoundTripsThroughTheRegistry() {
        List<Metric> metrics = List.of(new TruePositives().thresholds(0.3, 0.6), new FalsePositives().thresholds(0.25),
                new TrueNegatives(), new FalseNegatives().thresholds(0, 1),
                new Precision().thresholds(0.4).topK(3).classId(1), new Recall().topK(2),
                new SensitivityAtSpecificity(0.8).numThresholds(50).classId(2), new SpecificityAtSensitivity(0.3),
                new PrecisionAtRecall(0.9).numThresholds(7), new RecallAtPrecision(0.6).classId(0),
                new AUC().numThresholds(77).curve("pr").summationMethod("Minoring").multiLabel(true).numLabels(2)
                        .labelWeights(0.25, 0.75).fromLogits(true),
                new AUC().thresholds(0.9, 0.1, 0.5).curve("PRGAIN"),
                new KolmogorovSmirnov().numThresholds(101));
        for (Metric m : metrics) {
            Map<String, Object> serialized = Metrics.serialize(m);
            Metric back = Metrics.get(serialized);
            assertThat(back).as(m.toString()).isNotSameAs(m).hasSameClassAs(m);
            assertThat(back.getConfig()).as(m.toString()).isEqualTo(m.getConfig());
            assertThat(back.name()).isEqualTo(m.name());
        }
        // a one-element list keeps its form
        Metric p = Metrics.get(Map.of("class_name", "Precision", "config", Map.of("thresholds", List.of(0.5))));
        assertThat(p.getConfig()).containsEntry("thresholds", List.of(0.5));
    }

    @Test
    void stringsBuildNewInstances() {
        assertThat(Metrics.get("auc")).isInstanceOf(AUC.class).isNotSameAs(Metrics.get("auc"));
        assertThat(Metrics.get("AUC")).isInstanceOf(AUC.class);
        assertThat(Metrics.get("precision")).isInstanceOf(Precision.class);
        assertThat(Metrics.get("Recall")).isInstanceOf(Recall.class);
        assertThat(Metrics.get("true_positives")).isInstanceOf(TruePositives.class);
        assertThat(Metrics.get("false_negatives")).isInstanceOf(FalseNegatives.class);
        assertThat(Metrics.get("kolmogorov_smirnov")).isInstanceOf(KolmogorovSmirnov.class);
        assertThat(Metrics.get(Map.of("class_name", "specificity_at_sensitivity", "config", Map.of("sensitivity", 0.4))))
                .isInstanceOf(SpecificityAtSensitivity.class);
        Metric keras = Metrics.get(Map.of("class_name", "AUC", "config",
                Map.of("name", "auc_pr", "dtype", "float32", "curve", "PR", "num_thresholds", 3)));
        assertThat(keras.name()).isEqualTo("auc_pr");
        keras.updateState(t(new int[] {0, 0, 1, 1}), t(new double[] {0, 0.5, 0.3, 0.9}));
        // Davis-Goadrich by hand: thresholds (-eps, 0.5, 1+eps), tp (2, 1, 0), p = tp + fp (4, 1, 0)
        double expected = (1.0 / 3) * (1 + (2.0 / 3) * Math.log(4)) / 2 + 0.5;
        assertThat(keras.result().item()).isCloseTo((float) expected, within(1e-6f));
    }
}
