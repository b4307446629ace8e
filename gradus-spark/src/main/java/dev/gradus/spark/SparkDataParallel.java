package dev.gradus.spark;

import dev.gradus.distribution.Distribution;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.training.CompiledState;
import dev.gradus.training.StepRunner;
import dev.gradus.training.StepRunnerFactory;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

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
 * <p>{@link SparkFrames} trains, evaluates and predicts on a DataFrame whose rows stay on the executors.
 */
public final class SparkDataParallel extends Distribution implements StepRunnerFactory {
    private final JavaSparkContext sc;
    private final Map<String, Broadcast<ModelSpec>> architectures = new LinkedHashMap<>();
    private ShardHook hook;

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

    @Override
    public String toString() {
        return "SparkDataParallel(replicas=" + replicaCount() + ", master=" + sc.master() + ")";
    }
}
