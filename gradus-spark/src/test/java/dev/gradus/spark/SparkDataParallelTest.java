package dev.gradus.spark;

import static dev.gradus.spark.SparkModels.X;
import static dev.gradus.spark.SparkModels.Y;
import static dev.gradus.spark.SparkModels.assertSameBits;
import static dev.gradus.spark.SparkModels.assertSameHistory;
import static dev.gradus.spark.SparkModels.mlp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.callbacks.Callback;
import dev.gradus.callbacks.EarlyStopping;
import dev.gradus.callbacks.History;
import dev.gradus.callbacks.ReduceLROnPlateau;
import dev.gradus.distribution.DataParallel;
import dev.gradus.distribution.Distribution;
import dev.gradus.models.Sequential;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.training.PredictOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keras's semantics on Spark {@code local[2]}: the bits of DataParallel.replicas(R), callbacks on the driver, retries. */
class SparkDataParallelTest {
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTestContexts.local();
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @AfterEach
    void clear() {
        Distribution.set(null);
    }

    static FitOptions options(Distribution d) {
        return new FitOptions().epochs(3).batchSize(32).verbose(0).seed(3).validationSplit(0.2).distribution(d);
    }

    @Test
    void fitEvaluateAndPredictGiveTheBitsOfDataParallelReplicas() {
        for (int r : new int[] {1, 2, 3}) {
            Sequential local = mlp(), spark = mlp();
            History hl = local.fit(X, Y, options(DataParallel.replicas(r)));
            History hs = spark.fit(X, Y, options(SparkDataParallel.of(sc, r)));
            assertSameBits(spark, local);
            assertSameHistory(hs, hl);
            assertThat(hs.get("val_accuracy")).hasSize(3);

            EvaluateOptions eo = new EvaluateOptions().batchSize(50).verbose(0);
            Map<String, Double> el = local.evaluate(X, Y, eo.distribution(DataParallel.replicas(r)));
            Map<String, Double> es = spark.evaluate(X, Y, new EvaluateOptions().batchSize(50).verbose(0).distribution(SparkDataParallel.of(sc, r)));
            assertThat(es).as("%d replicas", r).isEqualTo(el);

            Tensor pl = local.predict(X, new PredictOptions().batchSize(64).verbose(0).distribution(DataParallel.replicas(r)));
            Tensor ps = spark.predict(X, new PredictOptions().batchSize(64).verbose(0).distribution(SparkDataParallel.of(sc, r)));
            assertThat(ps.shape()).isEqualTo(pl.shape());
            assertThat(ps.toFloatArray()).isEqualTo(pl.toFloatArray());
        }
    }

    @Test
    void theSetDistributionIsUsedAndARunRepeats() {
        Sequential first = mlp(), second = mlp(), local = mlp();
        Distribution.set(SparkDataParallel.of(sc, 2));
        FitOptions o = new FitOptions().epochs(2).batchSize(16).verbose(0).seed(5);
        first.fit(X, Y, o);
        second.fit(X, Y, o);
        Distribution.set(null);
        local.fit(X, Y, new FitOptions().epochs(2).batchSize(16).verbose(0).seed(5).distribution(DataParallel.replicas(2)));
        assertSameBits(first, second);
        assertSameBits(first, local);
    }

    @Test
    void sampleAndClassWeightsWeighEachExampleAsOnOneMachine() {
        float[] w = new float[X.dim(0)];
        for (int i = 0; i < w.length; i++) w[i] = 0.5f + (i % 4);
        Tensor sw = Tensor.of(w, w.length);
        Sequential local = mlp(), spark = mlp();
        local.fit(X, Y, new FitOptions().epochs(2).batchSize(40).verbose(0).sampleWeight(sw).distribution(DataParallel.replicas(2)));
        spark.fit(X, Y, new FitOptions().epochs(2).batchSize(40).verbose(0).sampleWeight(sw).distribution(SparkDataParallel.of(sc, 2)));
        assertSameBits(spark, local);

        Map<Integer, Double> cw = Map.of(0, 1.0, 1, 3.0, 2, 0.25);
        Sequential localC = mlp(), sparkC = mlp();
        localC.fit(X, Y, new FitOptions().epochs(2).batchSize(40).verbose(0).classWeight(cw).distribution(DataParallel.replicas(2)));
        sparkC.fit(X, Y, new FitOptions().epochs(2).batchSize(40).verbose(0).classWeight(cw).distribution(SparkDataParallel.of(sc, 2)));
        assertSameBits(sparkC, localC);
        assertThat(SparkModels.weights(sparkC).get(0)).isNotEqualTo(SparkModels.weights(spark).get(0));
    }

    /** Failures counted in this JVM: local mode runs the tasks here. */
    static final AtomicInteger INJECTED = new AtomicInteger();

    @Test
    void aFailedTaskIsRetriedAndTheStepIsUnchanged() {
        Sequential clean = mlp(), failing = mlp();
        clean.fit(X, Y, options(SparkDataParallel.of(sc, 2)));
        INJECTED.set(0);
        SparkDataParallel d = SparkDataParallel.of(sc, 2).beforeEachShard(c -> {
            if (c.kind().equals("train") && c.step() % 3 == 1 && c.replica() == 1 && c.attempt() == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure in step " + c.step());
            }
        });
        failing.fit(X, Y, options(d));
        // 6 steps an epoch (162 training rows in batches of 32), 18 in all: steps 1, 4, ..., 16 failed once
        assertThat(INJECTED.get()).isEqualTo(6);
        assertSameBits(failing, clean);
    }

    /** Shards counted in this JVM, by whether their rows came from the executor's cached arrays. */
    static final AtomicInteger CACHED = new AtomicInteger(), SHIPPED = new AtomicInteger();

    @Test
    void arraysAreShippedOnceAndEachTaskCarriesOnlyItsRowIndices() {
        CACHED.set(0);
        SHIPPED.set(0);
        SparkDataParallel d = SparkDataParallel.of(sc, 2).beforeEachShard(c -> (c.rowsCached() ? CACHED : SHIPPED).incrementAndGet());
        Sequential spark = mlp(), local = mlp();
        spark.fit(X, Y, options(d));
        local.fit(X, Y, options(DataParallel.replicas(2)));
        assertSameBits(spark, local);
        float[] p = spark.predict(X, new PredictOptions().verbose(0).distribution(d)).toFloatArray();
        assertThat(p).isEqualTo(spark.predict(X, new PredictOptions().verbose(0)).toFloatArray());
        // fit: 3 epochs of 6 train steps and 2 validation steps, 2 shards each; predict: 7 batches of 2 shards
        assertThat(SHIPPED.get()).isZero();
        assertThat(CACHED.get()).isEqualTo(3 * (6 + 2) * 2 + 7 * 2);

        // a Dataset of tensors too: its rows are gathered on the executors, with the bits of the local replicas
        CACHED.set(0);
        Sequential fromData = mlp(), fromDataLocal = mlp();
        // (one dataset each: a shuffled dataset counts its passes)
        fromData.fit(dev.gradus.data.Dataset.fromTensors(X, Y).shuffle(7).batch(32),
                new FitOptions().epochs(2).verbose(0).distribution(d));
        fromDataLocal.fit(dev.gradus.data.Dataset.fromTensors(X, Y).shuffle(7).batch(32),
                new FitOptions().epochs(2).verbose(0).distribution(DataParallel.replicas(2)));
        assertSameBits(fromData, fromDataLocal);
        assertThat(SHIPPED.get()).isZero();
        assertThat(CACHED.get()).isEqualTo(2 * 7 * 2);
    }

    @Test
    void aTaskThatKeepsFailingEndsTheFitWithAMessage() {
        SparkDataParallel d = SparkDataParallel.of(sc, 2).beforeEachShard(c -> {
            throw new IllegalStateException("always broken");
        });
        assertThatThrownBy(() -> mlp().fit(X, Y, options(d)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spark could not run train step 0 on 2 replicas")
                .hasMessageContaining("always broken");
    }

    @Test
    void callbacksRunOnTheDriverAfterEveryBatch() {
        List<Map<String, Object>> localLogs = new ArrayList<>(), sparkLogs = new ArrayList<>();
        Sequential local = mlp(), spark = mlp();
        History hl = local.fit(X, Y, options(DataParallel.replicas(2)).epochs(12).callbacks(recorder(localLogs),
                new EarlyStopping().patience(1).baseline(0.0), new ReduceLROnPlateau().patience(1).factor(0.5)));
        History hs = spark.fit(X, Y, options(SparkDataParallel.of(sc, 2)).epochs(12).callbacks(recorder(sparkLogs),
                new EarlyStopping().patience(1).baseline(0.0), new ReduceLROnPlateau().patience(1).factor(0.5)));
        assertThat(sparkLogs).hasSize(hs.epochs().size() * 6).isEqualTo(localLogs);
        assertSameHistory(hs, hl);
        assertSameBits(spark, local);
    }

    static Callback recorder(List<Map<String, Object>> logs) {
        return new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, Map<String, Object> l) {
                logs.add(new LinkedHashMap<>(l));
            }
        };
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> SparkDataParallel.of((JavaSparkContext) null)).hasMessageContaining("sc");
        assertThatThrownBy(() -> SparkDataParallel.of(sc, 0)).hasMessageContaining("replicas").hasMessageContaining("0");
        assertThat(SparkDataParallel.of(sc).replicaCount()).isEqualTo(2);
        assertThat(SparkDataParallel.of(sc, 3).devices()).containsExactly("spark:0", "spark:1", "spark:2");
    }
}
