package dev.gradus.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.Gradus;
import dev.gradus.autodiff.Variable;
import dev.gradus.callbacks.History;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.BatchNormalization;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Dropout;
import dev.gradus.layers.Input;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.Adam;
import dev.gradus.optimizers.SGD;
import dev.gradus.regularizers.L2;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.training.PredictOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DataParallel: shards, replica-order sums, exact metric merging, per-example randomness, thread-count independence. */
class DataParallelTest {
    static final Tensor X = Tensor.randomUniform(Shape.of(203, 6), -1, 1, 11);
    /** Three classes from the sign pattern of the first two features. */
    static final Tensor Y = labels(X);

    static Tensor labels(Tensor x) {
        float[] v = x.toFloatArray();
        float[] y = new float[x.dim(0)];
        for (int i = 0; i < y.length; i++) y[i] = v[i * 6] > 0 ? (v[i * 6 + 1] > 0 ? 2 : 1) : 0;
        return Tensor.of(y, y.length);
    }

    @AfterEach
    void restore() {
        Distribution.set(null);
        Gradus.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static Sequential mlp() {
        return new Sequential(List.of(Input.of(6),
                new Dense(16).activation("relu").kernelInitializer(new GlorotUniform().seed(1)).kernelRegularizer(new L2(1e-3)),
                new Dense(3).activation("softmax").kernelInitializer(new GlorotUniform().seed(2))));
    }

    static Sequential withDropout() {
        return new Sequential(List.of(Input.of(6),
                new Dense(32).activation("relu").kernelInitializer(new GlorotUniform().seed(1)),
                new Dropout(0.3).seed(7),
                new Dense(3).activation("softmax").kernelInitializer(new GlorotUniform().seed(2))));
    }

    /** Wide enough (16 rows x 4096 per shard) that the kernels would split their sums over two threads. */
    static Sequential wide() {
        return new Sequential(List.of(Input.of(6),
                new Dense(4096).activation("relu").kernelInitializer(new GlorotUniform().seed(1)),
                new Dropout(0.3).seed(7),
                new Dense(3).activation("softmax").kernelInitializer(new GlorotUniform().seed(2))));
    }

    static Sequential withBatchNorm() {
        return new Sequential(List.of(Input.of(6),
                new Dense(8).kernelInitializer(new GlorotUniform().seed(1)),
                new BatchNormalization(),
                new Dense(3).activation("softmax").kernelInitializer(new GlorotUniform().seed(2))));
    }

    record Run(List<float[]> weights, History history, Sequential model) {}

    static Run train(Supplier<Sequential> build, Distribution d, int epochs) {
        Sequential m = build.get();
        m.compile(new Adam(0.01), "sparse_categorical_crossentropy", List.of("accuracy"));
        FitOptions o = new FitOptions().epochs(epochs).batchSize(32).verbose(0).seed(3).validationSplit(0.2);
        if (d != null) o.distribution(d);
        History h = m.fit(X, Y, o);
        List<float[]> w = new ArrayList<>();
        for (Variable v : m.weights()) w.add(v.value().toFloatArray());
        return new Run(w, h, m);
    }

    static void assertSameBits(Run a, Run b) {
        assertThat(a.weights).hasSameSizeAs(b.weights);
        for (int i = 0; i < a.weights.size(); i++) assertThat(a.weights.get(i)).as("weight %d", i).isEqualTo(b.weights.get(i));
        assertThat(a.history.history()).isEqualTo(b.history.history());
    }

    static double maxDifference(Run a, Run b) {
        double max = 0;
        for (int i = 0; i < a.weights.size(); i++)
            for (int j = 0; j < a.weights.get(i).length; j++)
                max = Math.max(max, Math.abs(a.weights.get(i)[j] - b.weights.get(i)[j]));
        return max;
    }

    @Test
    void oneReplicaIsBitIdenticalToNoDistribution() {
        assertSameBits(train(DataParallelTest::mlp, DataParallel.replicas(1), 3), train(DataParallelTest::mlp, null, 3));
        assertSameBits(train(DataParallelTest::withDropout, DataParallel.replicas(1), 3), train(DataParallelTest::withDropout, null, 3));
        assertSameBits(train(DataParallelTest::withBatchNorm, DataParallel.replicas(1), 3), train(DataParallelTest::withBatchNorm, null, 3));
    }

    @Test
    void twoAndFourReplicasAgreeWithOneMachineWithinFloatRounding() {
        Run plain = train(DataParallelTest::mlp, null, 4);
        for (int r : new int[] {2, 4}) {
            Run replicated = train(DataParallelTest::mlp, DataParallel.replicas(r), 4);
            assertThat(maxDifference(replicated, plain)).as("%d replicas", r).isLessThan(1e-3).isGreaterThan(0);
            List<Double> lossR = replicated.history.get("loss"), loss = plain.history.get("loss");
            for (int e = 0; e < loss.size(); e++) assertThat(lossR.get(e)).isCloseTo(loss.get(e), within(1e-4));
            assertThat(replicated.history.history().keySet()).isEqualTo(plain.history.history().keySet());
            // metrics merged over the shards: accuracy counts every example once
            List<Double> acc = replicated.history.get("val_accuracy"), accPlain = plain.history.get("val_accuracy");
            for (int e = 0; e < acc.size(); e++) assertThat(acc.get(e)).isCloseTo(accPlain.get(e), within(1.0 / 41 + 1e-6));
        }
    }

    @Test
    void dropoutMasksFollowTheExampleSoTheSplitDoesNotChangeThem() {
        Run plain = train(DataParallelTest::withDropout, null, 3);
        Run two = train(DataParallelTest::withDropout, DataParallel.replicas(2), 3);
        // the same masks: only the order of float sums differs
        assertThat(maxDifference(two, plain)).isLessThan(1e-3);
    }

    @Test
    void twoReplicasGiveTheSameBitsOnOneAndTwoThreads() {
        for (Supplier<Sequential> model : List.<Supplier<Sequential>>of(DataParallelTest::mlp, DataParallelTest::withDropout,
                DataParallelTest::wide)) {
            Gradus.setThreads(1);
            Run one = train(model, DataParallel.replicas(2), 3);
            Gradus.setThreads(2);
            Run two = train(model, DataParallel.replicas(2), 3);
            assertSameBits(one, two);
        }
    }

    @Test
    void batchNormalizationUsesEachReplicasBatchStatisticsAndAveragesTheMovingOnes() {
        // one step of SGD(0) on 4 rows: shard 0 = rows 0-1, shard 1 = rows 2-3
        Tensor x = Tensor.of(new float[][] {{0}, {2}, {10}, {30}});
        BatchNormalization bn = new BatchNormalization();
        Sequential m = new Sequential(List.of(Input.of(1), bn));
        m.compile(new SGD(0.0), "mse");
        m.fit(x, Tensor.zeros(4, 1), new FitOptions().epochs(1).batchSize(4).verbose(0).shuffle(false)
                .distribution(DataParallel.replicas(2)));
        // per shard: means 1 and 20, variances 1 and 100; moving = 0.99 * initial + 0.01 * batch, averaged over replicas
        assertThat(bn.movingMean().value().item()).isCloseTo(0.01f * (1 + 20) / 2, within(1e-6f));
        assertThat(bn.movingVariance().value().item()).isCloseTo(0.99f + 0.01f * (1 + 100) / 2, within(1e-5f));
        // one machine sees the whole batch: mean 10.5, variance 140.75
        BatchNormalization single = new BatchNormalization();
        Sequential s = new Sequential(List.of(Input.of(1), single));
        s.compile(new SGD(0.0), "mse");
        s.fit(x, Tensor.zeros(4, 1), new FitOptions().epochs(1).batchSize(4).verbose(0).shuffle(false));
        assertThat(single.movingVariance().value().item()).isCloseTo(0.99f + 0.01f * 140.75f, within(1e-4f));
    }

    @Test
    void evaluateAndPredictHonourTheDistribution() {
        Run plain = train(DataParallelTest::mlp, null, 1);
        Sequential m = plain.model;
        Map<String, Double> want = m.evaluate(X, Y, new EvaluateOptions().verbose(0));
        Map<String, Double> got = m.evaluate(X, Y, new EvaluateOptions().verbose(0).distribution(DataParallel.replicas(3)));
        assertThat(got.keySet()).isEqualTo(want.keySet());
        assertThat(got.get("accuracy")).isEqualTo(want.get("accuracy"));
        assertThat(got.get("loss")).isCloseTo(want.get("loss"), within(1e-6));
        float[] p = m.predict(X, new PredictOptions().verbose(0)).toFloatArray();
        Distribution.set(DataParallel.replicas(4)); // the global default applies when the call names none
        assertThat(Distribution.get()).isInstanceOf(DataParallel.class);
        float[] q = m.predict(X, new PredictOptions().verbose(0)).toFloatArray();
        assertThat(q).hasSameSizeAs(p);
        for (int i = 0; i < p.length; i++) assertThat(q[i]).isCloseTo(p[i], within(1e-6f));
    }

    @Test
    void aGlobalDistributionTrainsLikeAPerCallOne() {
        Run perCall = train(DataParallelTest::mlp, DataParallel.replicas(2), 2);
        Distribution.set(DataParallel.replicas(2));
        Run global = train(DataParallelTest::mlp, null, 2);
        Distribution.set(null);
        assertThat(Distribution.get()).isNull();
        assertSameBits(perCall, global);
    }

    @Test
    void shardsAreContiguousAndDifferByAtMostOne() {
        assertThat(DataParallel.replicas(2).shardBounds(5)).containsExactly(0, 3, 5);
        assertThat(DataParallel.replicas(4).shardBounds(10)).containsExactly(0, 3, 5, 8, 10);
        assertThat(DataParallel.replicas(3).shardBounds(1)).containsExactly(0, 1, 1, 1);
        // a last batch smaller than the replica count trains on the replicas that have examples
        Sequential m = mlp();
        m.compile(new Adam(0.01), "sparse_categorical_crossentropy");
        History h = m.fit(Ops.slice(X, 0, 0, 5), Ops.slice(Y, 0, 0, 5), new FitOptions().epochs(1).batchSize(4).verbose(0)
                .distribution(DataParallel.replicas(4)));
        assertThat(h.get("loss").get(0)).isFinite();
    }

    @Test
    void devicesAreCheckedAndListed() {
        assertThat(DataParallel.replicas(3).devices()).containsExactly("cpu:0", "cpu:1", "cpu:2");
        assertThat(new DataParallel(List.of("CPU:1", "cpu:0")).devices()).containsExactly("cpu:1", "cpu:0");
        assertThat(Distribution.listDevices()).hasSize(Runtime.getRuntime().availableProcessors()).startsWith("cpu:0");
        assertThat(Distribution.listDevices("gpu")).isEmpty();
        assertThatThrownBy(() -> DataParallel.replicas(0)).hasMessageContaining("replicas").hasMessageContaining("0");
        assertThatThrownBy(() -> new DataParallel(List.of())).hasMessageContaining("devices");
        assertThatThrownBy(() -> new DataParallel(List.of("cpu0"))).hasMessageContaining("devices[0]").hasMessageContaining("'cpu0'");
        assertThatThrownBy(() -> new DataParallel(List.of("cpu:0", "cpu:0"))).hasMessageContaining("more than once");
        assertThatThrownBy(() -> new DataParallel(List.of("gpu:0"))).hasMessageContaining("'gpu'");
        assertThatThrownBy(() -> new DataParallel(List.of("cpu:0", "gpu:0"))).hasMessageContaining("one type");
        assertThatThrownBy(() -> Distribution.listDevices("tpu")).hasMessageContaining("device_type");
    }
}
