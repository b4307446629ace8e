package dev.gradus.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every confusion-matrix metric, updated on three shards of random data by three instances (on
 * three threads) and merged, gives the result of one instance over all the data.
 */
class ConfusionMergeTest {
    private static final int ROWS = 300, COLS = 4;
    private static final int[] SHARD_ENDS = {110, 160, ROWS};      // uneven shards

    static Stream<Arguments> metrics() {
        List<Supplier<Metric>> all = List.of(
                TruePositives::new,
                () -> new FalsePositives().thresholds(0.2, 0.5, 0.8),
                () -> new TrueNegatives().thresholds(0, 0.5, 1),
                () -> new FalseNegatives().thresholds(0.05, 0.95),
                Precision::new,
                () -> new Precision().thresholds(0.3, 0.7),
                () -> new Precision().topK(2),
                () -> new Precision().classId(1).thresholds(0.4),
                Recall::new,
                () -> new Recall().topK(1).classId(3),
                () -> new SensitivityAtSpecificity(0.7),
                () -> new SpecificityAtSensitivity(0.6).numThresholds(17),
                () -> new PrecisionAtRecall(0.4).classId(2),
                () -> new RecallAtPrecision(0.55),
                AUC::new,
                () -> new AUC().curve("PR"),
                () -> new AUC().curve("PR").summationMethod("minoring"),
                () -> new AUC().curve("PRGAIN").summationMethod("majoring"),
                () -> new AUC().summationMethod("minoring").numThresholds(13),
                () -> new AUC().thresholds(0.1, 0.35, 0.6, 0.9),
                () -> new AUC().multiLabel(true),
                () -> new AUC().multiLabel(true).numLabels(COLS).labelWeights(1, 2, 3, 4).curve("PR"),
                () -> new AUC().labelWeights(0.5, 1, 1.5, 2),
                () -> new AUC().fromLogits(true),
                KolmogorovSmirnov::new,
                () -> new KolmogorovSmirnov().numThresholds(11));
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Metric example = all.get(i).get();
            String label = i + ": " + example.getClass().getSimpleName() + " " + options(example);
            for (boolean weighted : new boolean[] {false, true}) out.add(Arguments.of(label, all.get(i), weighted, i));
        }
        return out.stream();
    }

    private static String options(Metric m) {
        java.util.Map<String, Object> c = new java.util.LinkedHashMap<>(m.getConfig());
        c.remove("name");
        c.remove("dtype");
        c.values().removeIf(v -> v == null || Boolean.FALSE.equals(v));
        return c.toString();
    }

    @ParameterizedTest(name = "{0} weighted={2}")
    @MethodSource("metrics")
    void threeMergedShardsGiveTheSinglePassResult(String label, Supplier<Metric> make, boolean weighted, int seed) throws Exception {
        Random r = new Random(seed * 2L + (weighted ? 1 : 0));
        float[] yTrue = new float[ROWS * COLS], yPred = new float[ROWS * COLS], w = new float[ROWS];
        for (int i = 0; i < yTrue.length; i++) {
            yTrue[i] = r.nextInt(2);
            yPred[i] = r.nextInt(20) == 0 ? r.nextInt(2) : r.nextFloat();      // some exact 0s and 1s
        }
        for (int i = 0; i < ROWS; i++) w[i] = 0.25f + 2 * r.nextFloat();
        Tensor yt = Tensor.of(yTrue, ROWS, COLS), yp = Tensor.of(yPred, ROWS, COLS), sw = Tensor.of(w, ROWS);

        Metric single = make.get();
        single.updateState(yt, yp, weighted ? sw : null);

        List<Metric> shards = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            int from = 0;
            for (int end : SHARD_ENDS) {
                Metric m = make.get();
                shards.add(m);
                Tensor t = Ops.slice(yt, 0, from, end), p = Ops.slice(yp, 0, from, end), s = Ops.slice(sw, 0, from, end);
                done.add(pool.submit(() -> m.updateState(t, p, weighted ? s : null)));
                from = end;
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        Metric merged = shards.get(0);
        merged.merge(shards.get(1));
        merged.merge(shards.get(2));

        float[] want = single.result().toFloatArray(), got = merged.result().toFloatArray();
        assertThat(got.length).isEqualTo(want.length);
        if (!weighted) {
            // unweighted counts are whole numbers, exact in float32 whatever the order of the sums
            assertThat(got).isEqualTo(want);
        } else {
            for (int i = 0; i < want.length; i++)
                assertThat((double) got[i]).as("result[%d]", i).isCloseTo(want[i], org.assertj.core.api.Assertions.within(2e-5 * (1 + Math.abs(want[i]))));
        }
        assertThat(want[0]).as("a result that depends on the data").isNotNaN();
        // merging leaves the other instance as it was
        Metric again = make.get();
        again.updateState(Ops.slice(yt, 0, SHARD_ENDS[0], SHARD_ENDS[1]), Ops.slice(yp, 0, SHARD_ENDS[0], SHARD_ENDS[1]),
                weighted ? Ops.slice(sw, 0, SHARD_ENDS[0], SHARD_ENDS[1]) : null);
        assertThat(shards.get(1).result().toFloatArray()).isEqualTo(again.result().toFloatArray());
    }
}
