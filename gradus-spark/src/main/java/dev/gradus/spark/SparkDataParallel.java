package dev.gradus.spark;

import dev.gradus.distribution.Distribution;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.training.CompiledState;
import dev.gradus.training.StepRunner;
import dev.gradus.training.StepRunnerFactory;
import dev.gradus.util.Check;
import dev.gradus.callbacks.History;
import dev.gradus.data.Batch;
import dev.gradus.data.Dataset;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.util.StepRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Keras's data parallelism with the replicas on an Apache Spark cluster: {@code model.fit},
 * {@code evaluate} and {@code predict} with {@code FitOptions.distribution(SparkDataParallel.of(sc))}
 * (or {@code Distribution.set}) run every step as one Spark job. The driver keeps the model, the
 * optimizer, the metrics and the callbacks, exactly as on one machine; each global batch is cut into
 * {@code R} contiguous shards as {@code DataParallel.replicas(R)} cuts it, one task per shard computes
 * the replica's gradients, loss and metric states on an executor against a broadcast snapshot of the
 * weights, and the driver adds the results in replica order and takes one optimizer step.
 *
 * <p>So a run with {@code R} replicas gives the bits of {@code DataParallel.replicas(R)} in one JVM,
 * whatever the number of executors or cores and across runs; a task that fails (an exception, a lost
 * executor) is retried by Spark and computes the same result, since a step reads only broadcasts and
 * its own shard. The model's architecture goes to the executors once (as Keras's {@code to_json}) and
 * is built once per executor JVM, so models with custom layers, losses or metrics that the JSON cannot
 * name are refused when the first step starts.
 *
 * <p>{@link #fit(Model, SparkFrame, FitOptions)}, {@link #evaluate} and {@link #predict} do the same on a
 * {@link SparkFrame}, a DataFrame whose rows stay on the executors.
 */
public final class SparkDataParallel extends Distribution implements StepRunnerFactory {
    private final JavaSparkContext sc;
    private final Map<String, Broadcast<ModelSpec>> architectures = new LinkedHashMap<>();
    private ShardHook hook;
    /** The placeholder batches of SparkFrame passes, by their input tensor's identity, until their step runs. */
    private final Map<Tensor, FrameSteps.FrameBatch> frameBatches = new IdentityHashMap<>();

    private SparkDataParallel(JavaSparkContext sc, int replicas) {
        super(devices(replicas));
        this.sc = sc;
    }

    private static List<String> devices(int replicas) {
        Check.atLeast("replicas", replicas, 1);
        List<String> out = new ArrayList<>(replicas);
        for (int i = 0; i < replicas; i++) out.add("spark:" + i);
        return out;
    }

    /**
     * One replica per core the cluster offers ({@code sc.defaultParallelism()}). The replica count, not
     * the cluster, decides the bits: pin it with {@link #of(JavaSparkContext, int)} for runs that must
     * repeat on another cluster.
     */
    public static SparkDataParallel of(JavaSparkContext sc) {
        Check.notNull("sc", sc);
        return of(sc, sc.defaultParallelism());
    }

    /** {@code replicas} replicas (Spark tasks per step) on this context's executors. */
    public static SparkDataParallel of(JavaSparkContext sc, int replicas) {
        Check.notNull("sc", sc);
        Check.atLeast("replicas", replicas, 1);
        return new SparkDataParallel(sc, replicas);
    }

    /** {@link #of(JavaSparkContext)} for a Scala {@code SparkContext}. */
    public static SparkDataParallel of(SparkContext sc) {
        return of(JavaSparkContext.fromSparkContext(Check.notNull("sc", sc)));
    }

    /** {@link #of(JavaSparkContext, int)} for a Scala {@code SparkContext}. */
    public static SparkDataParallel of(SparkContext sc, int replicas) {
        return of(JavaSparkContext.fromSparkContext(Check.notNull("sc", sc)), replicas);
    }

    /** {@link #of(JavaSparkContext)} for a session's context. */
    public static SparkDataParallel of(SparkSession spark) {
        return of(Check.notNull("spark", spark).sparkContext());
    }

    /** {@link #of(JavaSparkContext, int)} for a session's context. */
    public static SparkDataParallel of(SparkSession spark, int replicas) {
        return of(Check.notNull("spark", spark).sparkContext(), replicas);
    }

    /** The number of replicas: shards per global batch, Spark tasks per step. */
    public int replicaCount() {
        return devices().size();
    }

    /** The Spark context the steps run on. */
    public JavaSparkContext sparkContext() {
        return sc;
    }

    /**
     * Runs {@code hook} on the executor before each replica's shard (instrumentation, fault injection);
     * null removes it.
     */
    public SparkDataParallel beforeEachShard(ShardHook hook) {
        this.hook = hook;
        return this;
    }

    ShardHook hook() {
        return hook;
    }

    @Override
    public StepRunner stepRunner(Model model, CompiledState compiled, StepRunner local) {
        Check.notNull("model", model);
        if (sc.sc().isStopped()) throw new IllegalStateException("SparkDataParallel: the SparkContext was stopped; "
                + "make a new SparkDataParallel on a running context");
        return new SparkStepRunner(this, model, compiled, local);
    }

    /**
     * The model's architecture and compile config, broadcast once per distinct JSON: a second
     * {@code fit} of the same model reuses the executors' built copies.
     */
    synchronized Broadcast<ModelSpec> architecture(Model model) {
        String json;
        try {
            json = model.toJson();
            Models.modelFromJson(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("SparkDataParallel: the model must rebuild from its JSON config on the executors "
                    + "(Keras's to_json / model_from_json), and " + model.name() + "'s does not: " + e.getMessage(), e);
        }
        return architectures.computeIfAbsent(json, j -> sc.broadcast(new ModelSpec(UUID.randomUUID().toString(), j)));
    }

    // ------------------------------------------------------------------ DataFrames

    /**
     * Keras's {@code fit} on a DataFrame whose rows stay on the executors: {@code model.fit} on the frame's
     * batches ({@link SparkFrame#batchSize}, {@link SparkFrame#shuffle}) with this distribution, so every
     * callback, the history and the logs are {@code fit}'s. {@code options} is given this distribution;
     * its {@code batchSize}, {@code shuffle} and {@code classWeight} do not apply (the frame's do).
     */
    public History fit(Model model, SparkFrame train, FitOptions options) {
        return fit(model, train, null, options);
    }

    /** {@link #fit(Model, SparkFrame, FitOptions)} with a DataFrame as Keras's {@code validation_data}. */
    public History fit(Model model, SparkFrame train, SparkFrame validation, FitOptions options) {
        Check.notNull("model", model);
        Check.notNull("train", train);
        Check.notNull("options", options);
        Check.argument(train.hasLabel(), "train: expected a SparkFrame with a label column, got one with features only");
        if (validation != null) {
            Check.argument(validation.hasLabel(), "validation: expected a SparkFrame with a label column, got one with features only");
            options.validationData(passes(validation, model, false));
        }
        return model.fit(passes(train, model, true), options.distribution(this));
    }

    /** Keras's {@code evaluate} on a DataFrame, batch by batch in row order; the same logs as {@code model.evaluate}. */
    public Map<String, Double> evaluate(Model model, SparkFrame data, EvaluateOptions options) {
        Check.notNull("model", model);
        Check.notNull("data", data);
        Check.notNull("options", options);
        Check.argument(data.hasLabel(), "data: expected a SparkFrame with a label column, got one with features only");
        return model.evaluate(passes(data, model, false), options.distribution(this));
    }

    /**
     * Keras's {@code predict} on a DataFrame: the same rows with the model's output appended as an
     * {@code array<float>} column named {@code predictionColumn}, computed on the executors batch by
     * batch ({@link SparkFrame#batchSize}) with a snapshot of the weights taken now. Lazy, as Spark's
     * transformations are. One-output models only.
     */
    public org.apache.spark.sql.Dataset<Row> predict(Model model, SparkFrame data, String predictionColumn) {
        Check.notNull("model", model);
        Check.notNull("data", data);
        Check.notNull("predictionColumn", predictionColumn);
        org.apache.spark.sql.Dataset<Row> df = data.dataFrame();
        if (Arrays.asList(df.schema().fieldNames()).contains(predictionColumn)) throw new IllegalArgumentException(
                "predictionColumn: expected a name not among the DataFrame's columns " + Arrays.toString(df.schema().fieldNames())
                + ", got '" + predictionColumn + "'");
        SparkFrame.Blocks blocks = data.blocks();
        if (model.weights().isEmpty()) model.applyAll(blocks.template().inputs(), false);
        Check.argument(model.outputNames().size() == 1, "model: expected a model with one output for a prediction column, got "
                + model.outputNames().size() + " outputs " + model.outputNames());
        Broadcast<WeightSnapshot> weights = sc.broadcast(WeightSnapshot.of(model.weights()));
        PredictRows job = new PredictRows(architecture(model), weights, data.shapeSpec(blocks.xWidth(), 0),
                df.schema().fieldIndex(data.featuresColumn()), data.batchSizeValue());
        StructType schema = df.schema().add(predictionColumn, DataTypes.createArrayType(DataTypes.FloatType, false), false);
        return df.sparkSession().createDataFrame(df.javaRDD().mapPartitions(job), schema);
    }

    /**
     * The frame's batches for the loops, as placeholders that carry only their size: each stands for its
     * rows' global indices ({@link FrameSteps.FrameBatch}), which the step runner looks up. A training
     * pass shuffles (when the frame does) with the epoch read from the optimizer's step count when the
     * pass starts, so a resumed run sees the orders of an uninterrupted one.
     */
    private Dataset passes(SparkFrame frame, Model model, boolean training) {
        long n = frame.count();
        int batch = frame.batchSizeValue();
        long steps = (n + batch - 1) / batch;
        Check.argument(n <= Integer.MAX_VALUE, "SparkFrame: at most " + Integer.MAX_VALUE + " rows, got " + n);
        float[] index = new float[(int) steps];
        for (int k = 0; k < index.length; k++) index[k] = k;
        long[][] order = new long[1][];
        return Dataset.fromTensors(Tensor.of(index, index.length)).map(element -> {
            int k = (int) element.x().toFloatArray()[0];
            if (k == 0) order[0] = training && frame.seed() != null ? permutation(n, frame.seed(), epoch(model, steps)) : null;
            long from = (long) k * batch, to = Math.min(n, from + batch);
            long[] rows = new long[(int) (to - from)];
            for (int i = 0; i < rows.length; i++) rows[i] = order[0] == null ? from + i : order[0][(int) from + i];
            Tensor placeholder = FrameSteps.placeholder(rows.length);
            synchronized (frameBatches) {
                frameBatches.put(placeholder, new FrameSteps.FrameBatch(frame, rows));
            }
            return Batch.of(placeholder);
        });
    }

    private static long epoch(Model model, long steps) {
        return model.compiled() && model.optimizer().isBuilt() ? model.optimizer().iterationCount() / steps : 0;
    }

    /** Epoch {@code epoch}'s order of {@code n} rows: a Fisher-Yates shuffle seeded by (seed, epoch). */
    static long[] permutation(long n, long seed, long epoch) {
        java.util.Random random = new java.util.Random(StepRandom.mix(seed, epoch));
        long[] p = new long[(int) n];
        for (int i = 0; i < p.length; i++) p[i] = i;
        for (int i = p.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The rows a placeholder batch stands for (and forgets it), or null for an ordinary batch. */
    FrameSteps.FrameBatch takeFrameBatch(Batch batch) {
        synchronized (frameBatches) {
            return frameBatches.remove(batch.inputs().get(0));
        }
    }

    @Override
    public String toString() {
        return "SparkDataParallel(replicas=" + replicaCount() + ", master=" + sc.master() + ")";
    }
}
