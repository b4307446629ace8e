package dev.gradus.spark;

import dev.gradus.data.Batch;
import dev.gradus.data.BatchRows;
import dev.gradus.models.Model;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.CompiledState;
import dev.gradus.training.ShardSteps;
import dev.gradus.training.StepRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The steps of one {@code fit}, {@code evaluate} or {@code predict} under {@link SparkDataParallel}: each
 * global batch is cut into the replicas' shards as {@code DataParallel.replicas(R)} cuts it, one Spark job
 * runs the replicas' halves on the executors against a broadcast snapshot of the weights, the results
 * come back in replica order ({@code collect}), and the driver finishes the step on its own model
 * (optimizer, metrics); the loop's callbacks then run on the driver as after any step.
 */
final class SparkStepRunner implements StepRunner {
    /** The arrays of this call's batches, broadcast once each (training and validation data are two). */
    private final java.util.Map<Object, Broadcast<SourceArrays>> sources = new java.util.IdentityHashMap<>();
    private final SparkDataParallel distribution;
    private final Model model;
    private final CompiledState compiled;
    private final StepRunner local;
    private final ShardSteps.CustomSteps custom;
    private Broadcast<ModelSpec> spec;

    SparkStepRunner(SparkDataParallel distribution, Model model, CompiledState compiled, StepRunner local) {
        this.distribution = distribution;
        this.model = model;
        this.compiled = compiled;
        this.local = local;
        this.custom = new ShardSteps.CustomSteps(model, distribution);
    }

    @Override
    public Map<String, Object> trainStep(Batch batch) {
        FrameSteps.FrameBatch frame = frameBatch(batch);
        if (custom.train()) return custom.wholeBatch("trainStep", () -> local.trainStep(batch));
        long step = ShardSteps.nextTrainStep(compiled);
        List<ShardSteps.Result> results = run(ShardJob.Kind.TRAIN, step, tasks(batch, frame), batch.size());
        return ShardSteps.finishTrain(model, compiled, results, batch.size());
    }

    @Override
    public Map<String, Object> testStep(Batch batch) {
        FrameSteps.FrameBatch frame = frameBatch(batch);
        if (custom.test()) return custom.wholeBatch("testStep", () -> local.testStep(batch));
        List<ShardSteps.Result> results = run(ShardJob.Kind.TEST, -1, tasks(batch, frame), batch.size());
        return ShardSteps.finishTest(model, compiled, results, batch.size());
    }

    @Override
    public List<Tensor> predictStep(Batch batch) {
        FrameSteps.FrameBatch frame = frameBatch(batch);
        if (custom.predict()) return custom.wholeBatch("predictStep", () -> local.predictStep(batch));
        return ShardSteps.finishPredict(run(ShardJob.Kind.PREDICT, -1, tasks(batch, frame), batch.size()));
    }

    /**
     * The batch a placeholder of a SparkFrame pass stands for, once the driver's model and compiled
     * loss and metrics are built from the frame's first row (the loop's own build sees only the
     * placeholder); null for an ordinary batch.
     */
    private FrameSteps.FrameBatch frameBatch(Batch batch) {
        FrameSteps.FrameBatch frame = distribution.takeFrameBatch(batch);
        if (frame == null) return null;
        if (custom.any()) throw new IllegalArgumentException("model: " + model.getClass().getSimpleName()
                + " overrides its steps, which then need the batch on the driver; a SparkFrame's rows stay on the executors "
                + "(fit it on arrays or a Dataset instead)");
        Batch template = frame.frame().blocks().template();
        if (compiled != null) compiled.build(template);
        if (model.weights().isEmpty()) model.applyAll(template.inputs(), false);
        return frame;
    }

    /**
     * The step's shard tasks: from the frame's cached rows; for a batch cut from arrays, the arrays'
     * broadcast (made at the first step of this call, cached on each executor) and each shard's row
     * indices; otherwise the driver's batch cut and sent with the tasks.
     */
    private JavaRDD<ShardTask> tasks(Batch batch, FrameSteps.FrameBatch frame) {
        int replicas = distribution.replicaCount();
        if (frame != null) return FrameSteps.shards(frame.frame(), frame.rows(), replicas);
        List<ShardTask> tasks = new ArrayList<>();
        BatchRows.Origin origin = BatchRows.of(batch);
        if (origin != null) {
            Broadcast<SourceArrays> source = sources.computeIfAbsent(origin.source(),
                    k -> distribution.sparkContext().broadcast(SourceArrays.of(origin)));
            for (int[] range : ShardSteps.ranges(batch.size(), replicas))
                tasks.add(ShardTask.cached(source, Arrays.copyOfRange(origin.rows(), range[0], range[1]), range[0]));
        } else {
            List<Integer> offsets = new ArrayList<>();
            List<Batch> shards = ShardSteps.split(batch, replicas, offsets);
            for (int r = 0; r < shards.size(); r++) tasks.add(ShardTask.of(shards.get(r), offsets.get(r)));
        }
        return distribution.sparkContext().parallelize(tasks, tasks.size());
    }

    /** One Spark job: a task per shard, the weights broadcast as a snapshot, the results in replica order. */
    private <T> List<T> run(ShardJob.Kind kind, long step, JavaRDD<ShardTask> tasks, int globalSize) {
        if (spec == null) spec = distribution.architecture(model);
        int shards = Math.min(globalSize, distribution.replicaCount());
        JavaSparkContext sc = distribution.sparkContext();
        Broadcast<WeightSnapshot> weights = sc.broadcast(WeightSnapshot.of(model.weights()));
        try {
            ShardJob job = new ShardJob(spec, weights, kind, step, globalSize, shards, distribution.hook());
            @SuppressWarnings("unchecked")
            List<T> out = (List<T>) tasks.mapPartitionsWithIndex(job, false).collect();
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("Spark could not run " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + (step >= 0 ? " step " + step : " step") + " on " + shards + " replicas, after its own task retries "
                    + "(spark.task.maxFailures): " + e.getMessage(), e);
        } finally {
            weights.destroy();
        }
    }

    /** Batches cut from arrays go out as row indices into the arrays' broadcast (see {@link #tasks}). */
    @Override
    public boolean readsBatchRows() {
        return true;
    }
}
