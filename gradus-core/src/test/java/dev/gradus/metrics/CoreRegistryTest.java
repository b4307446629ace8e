package dev.gradus.metrics;

import static dev.gradus.metrics.CoreAsserts.close;
import static dev.gradus.metrics.CoreAsserts.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.ops.Ops;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CoreRegistryTest {
    @Test
    void classNamesSnakeCaseNamesAndAliasesBuildNewInstances() {
        assertThat(Metrics.get("Accuracy")).isInstanceOf(Accuracy.class);
        assertThat(Metrics.get("accuracy")).isInstanceOf(Accuracy.class);
        assertThat(Metrics.get("acc")).isInstanceOf(Accuracy.class);
        assertThat(Metrics.get("binary_accuracy")).isInstanceOf(BinaryAccuracy.class);
        assertThat(Metrics.get("f1_score")).isInstanceOf(F1Score.class);
        assertThat(Metrics.get("f_beta_score")).isInstanceOf(FBetaScore.class);
        assertThat(Metrics.get("r2_score")).isInstanceOf(R2Score.class);
        assertThat(Metrics.get("top_k_categorical_accuracy")).isInstanceOf(TopKCategoricalAccuracy.class);
        assertThat(Metrics.get("mean")).isInstanceOf(Mean.class);
        assertThat(Metrics.get("Accuracy")).isNotSameAs(Metrics.get("Accuracy"));
    }

    @Test
    void instancesAreReturnedAsTheyAre() {
        Metric m = new Mean();
        assertThat(Metrics.get(m)).isSameAs(m);
    }

    @Test
    void aFunctionBecomesAMeanMetricWrapper() {
        MetricFunction absError = (yt, yp) -> Ops.abs(Ops.sub(yt, yp));
        Metric m = Metrics.get(absError);
        assertThat(m).isInstanceOf(MeanMetricWrapper.class);
        m.updateState(t(new double[][] {{1, 2}, {3, 4}}), t(new double[][] {{1, 3}, {3, 1}}));
        close(m.result(), 1.0);
        assertThat(m.direction()).isEqualTo(Direction.NONE);
    }

    @Test
    void unknownNamesListTheClosest() {
        assertThatThrownBy(() -> Metrics.get("acuracy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown metric: 'acuracy'").hasMessageContaining("'accuracy'");
        assertThatThrownBy(() -> Metrics.get("MeanIOU")).hasMessageContaining("'MeanIoU'");
    }

    @Test
    void configMapsCarryArguments() {
        Metric m = Metrics.get(Map.of("class_name", "BinaryAccuracy", "config", Map.of("threshold", 0.3, "name", "acc03")));
        assertThat(((BinaryAccuracy) m).threshold()).isEqualTo(0.3);
        assertThat(m.name()).isEqualTo("acc03");
        Metric r2 = Metrics.get(Map.of("class_name", "R2Score", "config", new java.util.HashMap<>(Map.of()) {{
            put("class_aggregation", null);
        }}));
        assertThat(((R2Score) r2).classAggregation()).isNull();
        assertThat(((R2Score) Metrics.get("R2Score")).classAggregation()).isEqualTo("uniform_average");
    }

    static Stream<Metric> configured() {
        return Stream.of(new Mean(), new Sum(), MeanMetricWrapper.of("categorical_accuracy"),
                new Accuracy(), new BinaryAccuracy().threshold(0.7), new CategoricalAccuracy(), new SparseCategoricalAccuracy(),
                new TopKCategoricalAccuracy().k(3), new SparseTopKCategoricalAccuracy().k(2).fromSortedIds(true),
                new RootMeanSquaredError(), new CosineSimilarity().axis(0), new PearsonCorrelation().axis(1),
                new ConcordanceCorrelation().axis(-2), new R2Score().classAggregation(null).numRegressors(3),
                new R2Score().classAggregation("variance_weighted_average"),
                new FBetaScore().average("weighted").beta(0.5).threshold(0.4), new F1Score().average("micro"),
                new IoU(4, 1, 3).ignoreClass(0).sparseYTrue(false).sparseYPred(false).axis(1).dtype("float32"),
                new BinaryIoU(1).threshold(0.25), new MeanIoU(5).ignoreClass(255), new OneHotIoU(3, 2).sparseYPred(true),
                new OneHotMeanIoU(6).dtype("float32").axis(2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configured")
    void configsRoundTrip(Metric m) {
        Map<String, Object> serialized = Metrics.serialize(m);
        assertThat(serialized.get("class_name")).isEqualTo(m.getClass().getSimpleName());
        Metric back = Metrics.get(serialized);
        assertThat(back.getClass()).isEqualTo(m.getClass());
        assertThat(back.getConfig()).isEqualTo(m.getConfig());
        assertThat(back.name()).isEqualTo(m.name());
        assertThat(back.direction()).isEqualTo(m.direction());
    }

    @Test
    void configsUseKerasKeys() {
        assertThat(new SparseTopKCategoricalAccuracy().getConfig().keySet())
                .containsExactly("name", "dtype", "k", "from_sorted_ids");
        assertThat(new F1Score().getConfig().keySet()).containsExactly("name", "dtype", "average", "threshold");
        assertThat(new FBetaScore().getConfig().keySet()).containsExactly("name", "dtype", "average", "beta", "threshold");
        assertThat(new IoU(2, 0).getConfig().keySet()).containsExactly(
                "name", "dtype", "num_classes", "target_class_ids", "ignore_class", "sparse_y_true", "sparse_y_pred", "axis");
        assertThat(new IoU(2, 0).getConfig()).containsEntry("dtype", "int32").containsEntry("target_class_ids", List.of(0));
        assertThat(new BinaryIoU().getConfig().keySet()).containsExactly("name", "dtype", "target_class_ids", "threshold");
        assertThat(new R2Score().getConfig()).containsEntry("class_aggregation", "uniform_average").containsEntry("num_regressors", 0);
    }

    @Test
    void defaultNamesAreKerasNames() {
        assertThat(new RootMeanSquaredError().name()).isEqualTo("root_mean_squared_error");
        assertThat(new SparseTopKCategoricalAccuracy().name()).isEqualTo("sparse_top_k_categorical_accuracy");
        assertThat(new PearsonCorrelation().name()).isEqualTo("pearson_correlation");
        // metrics whose Keras name defaults to None are made unique (trap T12)
        String first = new OneHotMeanIoU(2).name(), second = new OneHotMeanIoU(2).name();
        assertThat(first).startsWith("one_hot_mean_io_u");
        assertThat(second).isNotEqualTo(first).startsWith("one_hot_mean_io_u_");
    }

    @Test
    void directionsFollowKeras() {
        assertThat(new Accuracy().direction()).isEqualTo(Direction.UP);
        assertThat(new R2Score().direction()).isEqualTo(Direction.UP);
        assertThat(new MeanIoU(2).direction()).isEqualTo(Direction.UP);
        assertThat(new F1Score().direction()).isEqualTo(Direction.UP);
        assertThat(new RootMeanSquaredError().direction()).isEqualTo(Direction.DOWN);
        assertThat(new Sum().direction()).isEqualTo(Direction.NONE);
    }

    @Test
    void usersRegisterFunctionsByName() {
        Metrics.registerFunction("core_registry_test_abs", (yt, yp) -> Ops.abs(Ops.sub(yt, yp)));
        MeanMetricWrapper m = MeanMetricWrapper.of("core_registry_test_abs");
        Metric back = Metrics.get(Metrics.serialize(m));
        back.updateState(t(new int[] {1, 2}), t(new int[] {2, 4}));
        close(back.result(), 1.5);
        // Keras's serialized function form is accepted too
        Metric keras = Metrics.get(Map.of("class_name", "MeanMetricWrapper", "config", Map.of(
                "fn", Map.of("module", "builtins", "class_name", "function", "config", "core_registry_test_abs"))));
        assertThat(keras).isInstanceOf(MeanMetricWrapper.class);
        assertThatThrownBy(() -> Metrics.registerFunction("accuracy", (a, b) -> a)).hasMessageContaining("built-in");
    }
}
