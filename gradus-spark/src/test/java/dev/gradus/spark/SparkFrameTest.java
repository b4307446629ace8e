package dev.gradus.spark;

import static dev.gradus.spark.SparkModels.X;
import static dev.gradus.spark.SparkModels.Y;
import static dev.gradus.spark.SparkModels.assertSameBits;
import static dev.gradus.spark.SparkModels.assertSameHistory;
import static dev.gradus.spark.SparkModels.mlp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.callbacks.History;
import dev.gradus.distribution.DataParallel;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.training.PredictOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A DataFrame's rows stay on the executors: fit, evaluate and predict agree with the same rows as arrays. */
class SparkFrameTest {
    static SparkSession spark;
    static JavaSparkContext sc;
    static Dataset<Row> train, validation;
    static final int SPLIT = 160;

    @BeforeAll
    static void start() {
        sc = SparkTestContexts.local();
        spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        train = frame(0, SPLIT);
        validation = frame(SPLIT, X.dim(0));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Rows [from, to) of X and Y in three partitions: features as array<float>, the label as a double, a weight. */
    static Dataset<Row> frame(int from, int to) {
        float[] x = X.toFloatArray(), y = Y.toFloatArray();
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Float[] f = new Float[6];
            for (int k = 0; k < 6; k++) f[k] = x[i * 6 + k];
            rows.add(RowFactory.create(i, f, (double) y[i], weight(i)));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.IntegerType, false)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.DoubleType, false)
                .add("w", DataTypes.DoubleType, false);
        return spark.createDataFrame(sc.parallelize(rows, 3), schema);
    }

    static double weight(int i) {
        return 0.5 + (i % 4);
    }

    static Tensor rows(Tensor t, int from, int to) {
        return Ops.slice(t, 0, from, to);
    }

    @Test
    void fitWithValidationEvaluateAndPredictMatchTheSameRowsAsArrays() {
        SparkDataParallel d = SparkDataParallel.of(sc, 2);
        Sequential local = mlp(), remote = mlp();
        History hl = local.fit(rows(X, 0, SPLIT), rows(Y, 0, SPLIT), new FitOptions().epochs(3).batchSize(32).shuffle(false).verbose(0)
                .validationData(rows(X, SPLIT, 203), rows(Y, SPLIT, 203)).distribution(DataParallel.replicas(2)));
        History hr = d.fit(remote, SparkFrame.of(train, "features", "label").batchSize(32),
                SparkFrame.of(validation, "features", "label").batchSize(32), new FitOptions().epochs(3).verbose(0));
        assertSameBits(remote, local);
        assertSameHistory(hr, hl);

        Map<String, Double> el = local.evaluate(X, Y, new EvaluateOptions().batchSize(50).verbose(0).distribution(DataParallel.replicas(2)));
        Map<String, Double> er = d.evaluate(remote, SparkFrame.of(frame(0, 203), "features", "label").batchSize(50),
                new EvaluateOptions().verbose(0));
        assertThat(er).isEqualTo(el);

        float[] pl = local.predict(X, new PredictOptions().batchSize(64).verbose(0)).toFloatArray();
        List<Row> out = d.predict(remote, SparkFrame.of(frame(0, 203), "features").batchSize(64), "prediction").collectAsList();
        assertThat(out).hasSize(203);
        for (Row row : out) {
            int id = row.getInt(0);
            List<Float> p = row.getList(4);
            assertThat(p).hasSize(3);
            // batches are cut within each partition, so a row's neighbours (and the last bit of a sum) may differ
            for (int k = 0; k < 3; k++) assertThat(p.get(k)).as("row %d output %d", id, k).isCloseTo(pl[id * 3 + k], within(1e-6f));
        }
        assertThat(out.get(0).schema().fieldNames()).containsExactly("id", "features", "label", "w", "prediction");
    }

    @Test
    void sampleWeightAndClassWeightColumnsWeighRowsAsArraysDo() {
        SparkDataParallel d = SparkDataParallel.of(sc, 3);
        float[] w = new float[SPLIT];
        for (int i = 0; i < SPLIT; i++) w[i] = (float) weight(i);
        Sequential local = mlp(), remote = mlp();
        local.fit(rows(X, 0, SPLIT), rows(Y, 0, SPLIT), new FitOptions().epochs(2).batchSize(40).shuffle(false).verbose(0)
                .sampleWeight(Tensor.of(w, SPLIT)).distribution(DataParallel.replicas(3)));
        d.fit(remote, SparkFrame.of(train, "features", "label").sampleWeight("w").batchSize(40), new FitOptions().epochs(2).verbose(0));
        assertSameBits(remote, local);

        Map<Integer, Double> cw = Map.of(0, 1.0, 1, 3.0, 2, 0.25);
        Sequential localC = mlp(), remoteC = mlp();
        localC.fit(rows(X, 0, SPLIT), rows(Y, 0, SPLIT), new FitOptions().epochs(2).batchSize(40).shuffle(false).verbose(0)
                .classWeight(cw).distribution(DataParallel.replicas(3)));
        d.fit(remoteC, SparkFrame.of(train, "features", "label").classWeight(cw).batchSize(40), new FitOptions().epochs(2).verbose(0));
        assertSameBits(remoteC, localC);
    }

    @Test
    void aShuffledFrameRepeatsAndShufflesEachEpochDifferently() {
        SparkDataParallel d = SparkDataParallel.of(sc, 2);
        Sequential a = mlp(), b = mlp(), plain = mlp();
        d.fit(a, SparkFrame.of(train, "features", "label").shuffle(9), new FitOptions().epochs(2).verbose(0));
        d.fit(b, SparkFrame.of(train, "features", "label").shuffle(9), new FitOptions().epochs(2).verbose(0));
        d.fit(plain, SparkFrame.of(train, "features", "label"), new FitOptions().epochs(2).verbose(0));
        assertSameBits(a, b);
        assertThat(SparkModels.weights(a).get(0)).isNotEqualTo(SparkModels.weights(plain).get(0));
        long[] e0 = SparkDataParallel.permutation(SPLIT, 9, 0), e1 = SparkDataParallel.permutation(SPLIT, 9, 1);
        assertThat(e0).isNotEqualTo(e1);
        assertThat(java.util.Arrays.stream(e1).sorted().toArray()).isEqualTo(java.util.stream.LongStream.range(0, SPLIT).toArray());
    }

    @Test
    void mlVectorColumnsAreReadAsArraysAre() {
        SparkDataParallel d = SparkDataParallel.of(sc, 2);
        Dataset<Row> vectors = train.withColumn("features", org.apache.spark.ml.functions.array_to_vector(train.col("features")));
        assertThat(vectors.schema().apply("features").dataType().typeName()).isEqualTo("vector");
        Sequential fromArrays = mlp(), fromVectors = mlp();
        d.fit(fromArrays, SparkFrame.of(train, "features", "label"), new FitOptions().epochs(1).verbose(0));
        d.fit(fromVectors, SparkFrame.of(vectors, "features", "label"), new FitOptions().epochs(1).verbose(0));
        assertSameBits(fromVectors, fromArrays);
    }

    @Test
    void framesCheckTheirColumns() {
        assertThatThrownBy(() -> SparkFrame.of(train, "pixels", "label"))
                .hasMessage("featuresColumn: expected one of the DataFrame's columns [id, features, label, w], got 'pixels'");
        assertThatThrownBy(() -> SparkFrame.of(train, "features").sampleWeight("w"))
                .hasMessageContaining("without a label column");
        assertThatThrownBy(() -> SparkDataParallel.of(sc, 2).predict(mlp(), SparkFrame.of(train, "features"), "label"))
                .hasMessageContaining("predictionColumn: expected a name not among the DataFrame's columns");
        assertThatThrownBy(() -> SparkFrame.of(train.withColumn("features", train.col("id").cast("string")), "features").count())
                .hasMessageContaining("column 'features': expected a number, an array of numbers or a Spark ML vector, got java.lang.String");
        assertThatThrownBy(() -> SparkDataParallel.of(sc, 2).fit(mlp(), SparkFrame.of(train, "features"), new FitOptions()))
                .hasMessage("train: expected a SparkFrame with a label column, got one with features only");
    }
}
