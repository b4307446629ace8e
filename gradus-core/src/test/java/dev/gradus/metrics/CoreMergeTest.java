package dev.gradus.metrics;

import static dev.gradus.metrics.CoreAsserts.relClose;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every metric, updated on three shards of random data and merged, gives the result of one instance
 * updated with all of it (up to float32 rounding of the differently ordered sums).
 */
class CoreMergeTest {
    enum Data {
        /** 0/1 labels and probabilities, (n, 3). */
        BINARY,
        /** 0/1 labels and probabilities, (n,). */
        BINARY_FLAT,
        /** one-hot labels and probability rows, (n, 4). */
        ONE_HOT,
        /** integer labels (n,) and probability rows (n, 4). */
        SPARSE,
        /** real-valued targets and predictions, (n, 3). */
        REAL,
        /** integer class ids in [0, 3) for both, (n,). */
        IDS,
        /** values for Mean and Sum, (n, 2), passed as (values, weight). */
        VALUES
    }

    static Stream<Arguments> metrics() {
        return Stream.of(
                of("Mean", Mean::new, Data.VALUES),
                of("Sum", Sum::new, Data.VALUES),
                of("MeanMetricWrapper", () -> new MeanMetricWrapper((a, b) -> Ops.abs(Ops.sub(a, b))), Data.REAL),
                of("Accuracy", Accuracy::new, Data.IDS),
                of("BinaryAccuracy", () -> new BinaryAccuracy().threshold(0.4), Data.BINARY),
                of("CategoricalAccuracy", CategoricalAccuracy::new, Data.ONE_HOT),
                of("SparseCategoricalAccuracy", SparseCategoricalAccuracy::new, Data.SPARSE),
                of("TopKCategoricalAccuracy", () -> new TopKCategoricalAccuracy().k(2), Data.ONE_HOT),
                of("SparseTopKCategoricalAccuracy", () -> new SparseTopKCategoricalAccuracy().k(2), Data.SPARSE),
                of("RootMeanSquaredError", RootMeanSquaredError::new, Data.REAL),
                of("CosineSimilarity", CosineSimilarity::new, Data.REAL),
                of("PearsonCorrelation", PearsonCorrelation::new, Data.REAL),
                of("ConcordanceCorrelation", ConcordanceCorrelation::new, Data.REAL),
                of("R2Score", R2Score::new, Data.REAL),
                of("R2Score(None, p=2)", () -> new R2Score().classAggregation(null).numRegressors(2), Data.REAL),
                of("FBetaScore(None)", () -> new FBetaScore().beta(2.0), Data.BINARY),
                of("FBetaScore(micro)", () -> new FBetaScore().average("micro").threshold(0.5), Data.BINARY),
                of("F1Score(weighted)", () -> new F1Score().average("weighted").threshold(0.3), Data.BINARY),
                of("F1Score(macro)", () -> new F1Score().average("macro"), Data.ONE_HOT),
                of("IoU", () -> new IoU(3, 0, 2), Data.IDS),
                of("IoU(float)", () -> new IoU(3, 1).dtype("float32"), Data.IDS),
                of("BinaryIoU", BinaryIoU::new, Data.BINARY_FLAT),
                of("MeanIoU", () -> new MeanIoU(3).ignoreClass(1), Data.IDS),
                of("OneHotIoU", () -> new OneHotIoU(4, 0, 3), Data.ONE_HOT),
                of("OneHotMeanIoU", () -> new OneHotMeanIoU(4).dtype("float32"), Data.ONE_HOT));
    }

    static Arguments of(String label, Supplier<? extends Metric> make, Data data) {
        return Arguments.of(label, make, data);
    }

    /** {yTrue, yPred, sampleWeight} for n samples. */
    static Tensor[] batch(Data data, int n, Random rnd) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3) + 1;
        Tensor weight = Tensor.of(w, n);
        switch (data) {
            case BINARY: {
                float[] t = new float[n * 3], p = new float[n * 3];
                for (int i = 0; i < t.length; i++) {
                    t[i] = rnd.nextBoolean() ? 1 : 0;
                    p[i] = rnd.nextFloat();
                }
                return new Tensor[] {Tensor.of(t, n, 3), Tensor.of(p, n, 3), weight};
            }
            case BINARY_FLAT: {
                float[] t = new float[n], p = new float[n];
                for (int i = 0; i < n; i++) {
                    t[i] = rnd.nextBoolean() ? 1 : 0;
                    p[i] = rnd.nextFloat();
                }
                return new Tensor[] {Tensor.of(t, n), Tensor.of(p, n), weight};
            }
            case ONE_HOT:
            case SPARSE: {
                float[] t = new float[n * 4], ids = new float[n], p = new float[n * 4];
                for (int i = 0; i < n; i++) {
                    int c = rnd.nextInt(4);
                    t[i * 4 + c] = 1;
                    ids[i] = c;
                    for (int j = 0; j < 4; j++) p[i * 4 + j] = rnd.nextFloat();
                }
                Tensor yTrue = data == Data.ONE_HOT ? Tensor.of(t, n, 4) : Tensor.of(ids, n);
                return new Tensor[] {yTrue, Tensor.of(p, n, 4), weight};
            }
            case REAL: {
                float[] t = new float[n * 3], p = new float[n * 3];
                for (int i = 0; i < t.length; i++) {
                    t[i] = (float) rnd.nextGaussian();
                    p[i] = t[i] + 0.5f * (float) rnd.nextGaussian();
                }
                return new Tensor[] {Tensor.of(t, n, 3), Tensor.of(p, n, 3), weight};
            }
            case IDS: {
                float[] t = new float[n], p = new float[n];
                for (int i = 0; i < n; i++) {
                    t[i] = rnd.nextInt(3);
                    p[i] = rnd.nextInt(3);
                }
                return new Tensor[] {Tensor.of(t, n), Tensor.of(p, n), weight};
            }
            default: {
                float[] v = new float[n * 2];
                for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
                return new Tensor[] {Tensor.of(v, n, 2), null, weight};
            }
        }
    }

    static void update(Metric m, Data data, Tensor[] b, boolean weighted) {
        Tensor w = weighted ? b[2] : null;
        if (data == Data.VALUES) {
            if (m instanceof Mean mean) mean.updateState(b[0], w);
            else ((Sum) m).updateState(b[0], w);
        } else {
            m.updateState(b[0], b[1], w);
        }
    }

    static Tensor[] slice(Tensor[] b, int from, int to) {
        Tensor[] out = new Tensor[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i] == null ? null : Ops.slice(b[i], 0, from, to);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void threeMergedShardsEqualOnePass(String label, Supplier<? extends Metric> make, Data data) {
        for (boolean weighted : List.of(false, true)) {
            Random rnd = new Random(label.hashCode() * 31L + (weighted ? 1 : 0));
            int n = 60;
            Tensor[] all = batch(data, n, rnd);
            Metric single = make.get();
            // the single instance sees two updates, the shards 12 / 30 / 18 rows
            update(single, data, slice(all, 0, 25), weighted);
            update(single, data, slice(all, 25, n), weighted);
            int[] cuts = {0, 12, 42, n};
            Metric merged = make.get();
            for (int s = 0; s < 3; s++) {
                Metric shard = s == 0 ? merged : make.get();
                update(shard, data, slice(all, cuts[s], cuts[s + 1]), weighted);
                if (s > 0) merged.merge(shard);
            }
            Tensor expected = single.result();
            assertThat(expected.shape()).isNotEqualTo(Shape.of(0));
            relClose(merged.result(), expected, 2e-5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void mergingAnUnusedInstanceChangesNothing(String label, Supplier<? extends Metric> make, Data data) {
        Tensor[] all = batch(data, 20, new Random(7));
        Metric m = make.get();
        update(m, data, all, true);
        Tensor before = m.result();
        m.merge(make.get());
        relClose(m.result(), before, 0);
        Metric empty = make.get();
        empty.merge(m);
        relClose(empty.result(), before, 0);
    }
}
