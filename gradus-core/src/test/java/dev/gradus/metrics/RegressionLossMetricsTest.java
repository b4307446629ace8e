package dev.gradus.metrics;

import static dev.gradus.metrics.CoreAsserts.close;
import static dev.gradus.metrics.CoreAsserts.relClose;
import static dev.gradus.metrics.CoreAsserts.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.losses.LossFunction;
import dev.gradus.losses.Losses;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The metrics that wrap the losses' functions; values from the Keras docstrings. */
class RegressionLossMetricsTest {
    private static final Tensor YT = t(new int[][] {{0, 1}, {0, 0}});
    private static final Tensor YP = t(new int[][] {{1, 1}, {0, 0}});
    private static final Tensor PROBS = t(new double[][] {{0.6, 0.4}, {0.4, 0.6}});
    private static final Tensor FIRST = t(new int[] {1, 0});

    private static void check(Metric m, Tensor yTrue, Tensor yPred, double unweighted, double firstOnly) {
        m.updateState(yTrue, yPred);
        close(m.result(), unweighted);
        m.resetState();
        m.updateState(yTrue, yPred, FIRST);
        close(m.result(), firstOnly);
        assertThat(m.direction()).isEqualTo(Direction.DOWN);
    }

    @Test
    void errors() {
        check(new MeanSquaredError(), YT, YP, 0.25, 0.5);
        check(new MeanAbsoluteError(), YT, YP, 0.25, 0.5);
        // a zero label divides by epsilon = 1e-7
        check(new MeanAbsolutePercentageError(), YT, YP, 2.5e8, 5e8);
        check(new MeanSquaredLogarithmicError(), YT, YP, 0.12011322, 0.24022643);
        check(new LogCoshError(), YT, YP, 0.10844523, 0.21689045);
        assertThat(new LogCoshError().name()).isEqualTo("logcosh");
        assertThat(new MeanSquaredError().name()).isEqualTo("mean_squared_error");
    }

    @Test
    void hinges() {
        check(new Hinge(), YT, PROBS, 1.3, 1.1);
        check(new SquaredHinge(), YT, PROBS, 1.86, 1.46);
        check(new CategoricalHinge(), YT, PROBS, 1.4, 1.2);
    }

    @Test
    void probabilistic() {
        check(new KLDivergence(), YT, PROBS, 0.45814306, 0.9162892);
        check(new Poisson(), YT, YP, 0.49999997, 0.99999994);
        check(new BinaryCrossentropy(), YT, PROBS, 0.81492424, 0.9162905);
        Tensor oneHot = t(new int[][] {{0, 1, 0}, {0, 0, 1}});
        Tensor rows = t(new double[][] {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}});
        CategoricalCrossentropy cce = new CategoricalCrossentropy();
        cce.updateState(oneHot, rows);
        close(cce.result(), 1.1769392);
        cce.resetState();
        cce.updateState(oneHot, rows, t(new double[] {0.3, 0.7}));
        close(cce.result(), 1.6271976);
        SparseCategoricalCrossentropy scce = new SparseCategoricalCrossentropy();
        scce.updateState(t(new int[] {1, 2}), rows, t(new double[] {0.3, 0.7}));
        close(scce.result(), 1.6271976);
    }

    @Test
    void binaryCrossentropyClipsInFloat32() {
        // trap T2: -log(1 - p) at p = 1 is -log(1 - 0.99999988) = 15.94, not 16.12
        BinaryCrossentropy m = new BinaryCrossentropy();
        m.updateState(t(new int[][] {{1, 0}, {1, 0}}), t(new double[][] {{1, 1}, {1, 0}}));
        close(m.result(), 3.9855964);
        BinaryCrossentropy logits = new BinaryCrossentropy().fromLogits(true).labelSmoothing(0.1);
        logits.updateState(t(new int[] {1, 0, 1}), t(new double[] {10, -10, -10}));
        // a rank-1 batch is one sample: mean over the last axis of 0.05 x 10 (twice) and 0.95 x 10, plus log(1 + e^-10) terms
        double softplus10 = Math.log1p(Math.exp(-10));
        close(logits.result(), (2 * (0.05 * (10 + softplus10) + 0.95 * softplus10) + 0.95 * (10 + softplus10) + 0.05 * softplus10) / 3);
    }

    @Test
    void sparseCrossentropyIgnoredLabelsCountOnlyWithoutWeights() {
        // trap T8: (0 + 0.0513 + 2.3026) / 3 without weights, / 2 with them
        Tensor labels = t(new int[] {0, 1, 2});
        Tensor rows = t(new double[][] {{0.8, 0.1, 0.1}, {0.05, 0.95, 0}, {0.1, 0.8, 0.1}});
        SparseCategoricalCrossentropy m = new SparseCategoricalCrossentropy().ignoreClass(0);
        m.updateState(labels, rows);
        close(m.result(), (0.0512933 + 2.3025851) / 3);
        m.resetState();
        m.updateState(labels, rows, t(new int[] {1, 1, 1}));
        close(m.result(), (0.0512933 + 2.3025851) / 2);
        m.resetState();
        m.updateState(t(new int[][] {{0}, {1}, {2}}), rows, t(new int[] {1, 1, 1}));
        close(m.result(), (0.0512933 + 2.3025851) / 2);
    }

    @Test
    void aliasesAndSnakeCaseNames() {
        assertThat(Metrics.get("mse")).isInstanceOf(MeanSquaredError.class);
        assertThat(Metrics.get("MSE")).isInstanceOf(MeanSquaredError.class);
        assertThat(Metrics.get("mae")).isInstanceOf(MeanAbsoluteError.class);
        assertThat(Metrics.get("mape")).isInstanceOf(MeanAbsolutePercentageError.class);
        assertThat(Metrics.get("MSLE")).isInstanceOf(MeanSquaredLogarithmicError.class);
        assertThat(Metrics.get("bce")).isInstanceOf(BinaryCrossentropy.class);
        assertThat(Metrics.get("log_cosh_error")).isInstanceOf(LogCoshError.class);
        assertThat(Metrics.get("kl_divergence")).isInstanceOf(KLDivergence.class);
        assertThat(Metrics.get("sparse_categorical_crossentropy")).isInstanceOf(SparseCategoricalCrossentropy.class);
    }

    @Test
    void aLossFunctionBecomesAWrapperThatIsMinimised() {
        LossFunction mse = Losses::meanSquaredError;
        Metric m = Metrics.get(mse);
        assertThat(m).isInstanceOf(MeanMetricWrapper.class);
        assertThat(m.direction()).isEqualTo(Direction.DOWN);
        m.updateState(YT, YP);
        close(m.result(), 0.25);
        MeanMetricWrapper named = MeanMetricWrapper.of("mean_squared_error");
        assertThat(named.direction()).isEqualTo(Direction.DOWN);
        assertThat(Metrics.get(Metrics.serialize(named)).direction()).isEqualTo(Direction.DOWN);
        assertThat(MeanMetricWrapper.of("binary_accuracy").direction()).isEqualTo(Direction.NONE);
    }

    static Stream<Metric> configured() {
        return Stream.of(new MeanSquaredError(), new MeanAbsoluteError(), new MeanAbsolutePercentageError(),
                new MeanSquaredLogarithmicError(), new LogCoshError(), new Hinge(), new SquaredHinge(), new CategoricalHinge(),
                new KLDivergence(), new Poisson(), new BinaryCrossentropy().fromLogits(true).labelSmoothing(0.2),
                new CategoricalCrossentropy().labelSmoothing(0.1).axis(1),
                new SparseCategoricalCrossentropy().fromLogits(true).ignoreClass(-1).axis(-1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configured")
    void configsRoundTrip(Metric m) {
        Metric back = Metrics.get(Metrics.serialize(m));
        assertThat(back.getClass()).isEqualTo(m.getClass());
        assertThat(back.getConfig()).isEqualTo(m.getConfig());
    }

    @Test
    void configsUseKerasKeys() {
        assertThat(new BinaryCrossentropy().getConfig().keySet()).containsExactly("name", "dtype", "from_logits", "label_smoothing");
        assertThat(new CategoricalCrossentropy().getConfig().keySet())
                .containsExactly("name", "dtype", "from_logits", "label_smoothing", "axis");
        assertThat(new SparseCategoricalCrossentropy().getConfig().keySet())
                .containsExactly("name", "dtype", "from_logits", "ignore_class", "axis");
        assertThat(Metrics.get(Map.of("class_name", "BinaryCrossentropy", "config",
                Map.of("from_logits", true, "label_smoothing", 0, "name", "bce", "dtype", "float32"))).name()).isEqualTo("bce");
    }

    static Stream<Arguments> wrappers() {
        return Stream.of(
                Arguments.of("MeanSquaredError", (Supplier<Metric>) MeanSquaredError::new, CoreMergeTest.Data.REAL),
                Arguments.of("MeanAbsoluteError", (Supplier<Metric>) MeanAbsoluteError::new, CoreMergeTest.Data.REAL),
                Arguments.of("MeanAbsolutePercentageError", (Supplier<Metric>) MeanAbsolutePercentageError::new, CoreMergeTest.Data.REAL),
                Arguments.of("MeanSquaredLogarithmicError", (Supplier<Metric>) MeanSquaredLogarithmicError::new, CoreMergeTest.Data.BINARY),
                Arguments.of("LogCoshError", (Supplier<Metric>) LogCoshError::new, CoreMergeTest.Data.REAL),
                Arguments.of("Hinge", (Supplier<Metric>) Hinge::new, CoreMergeTest.Data.BINARY),
                Arguments.of("SquaredHinge", (Supplier<Metric>) SquaredHinge::new, CoreMergeTest.Data.BINARY),
                Arguments.of("CategoricalHinge", (Supplier<Metric>) CategoricalHinge::new, CoreMergeTest.Data.ONE_HOT),
                Arguments.of("KLDivergence", (Supplier<Metric>) KLDivergence::new, CoreMergeTest.Data.ONE_HOT),
                Arguments.of("Poisson", (Supplier<Metric>) Poisson::new, CoreMergeTest.Data.BINARY),
                Arguments.of("BinaryCrossentropy", (Supplier<Metric>) () -> new BinaryCrossentropy().labelSmoothing(0.1),
                        CoreMergeTest.Data.BINARY),
                Arguments.of("CategoricalCrossentropy", (Supplier<Metric>) CategoricalCrossentropy::new, CoreMergeTest.Data.ONE_HOT),
                Arguments.of("SparseCategoricalCrossentropy", (Supplier<Metric>) () -> new SparseCategoricalCrossentropy().ignoreClass(2),
                        CoreMergeTest.Data.SPARSE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrappers")
    void threeMergedShardsEqualOnePass(String label, Supplier<Metric> make, CoreMergeTest.Data data) {
        for (boolean weighted : List.of(false, true)) {
            Random rnd = new Random(label.hashCode() + (weighted ? 1 : 0));
            Tensor[] all = CoreMergeTest.batch(data, 45, rnd);
            Metric single = make.get();
            CoreMergeTest.update(single, data, all, weighted);
            Metric merged = make.get();
            int[] cuts = {0, 10, 30, 45};
            for (int s = 0; s < 3; s++) {
                Metric shard = make.get();
                CoreMergeTest.update(shard, data, CoreMergeTest.slice(all, cuts[s], cuts[s + 1]), weighted);
                merged.merge(shard);
            }
            relClose(merged.result(), single.result(), 2e-5);
        }
    }
}
