package dev.gradus.spark;

import dev.gradus.data.Batch;
import dev.gradus.training.ShardSteps;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * What each task of a step runs on its executor: borrow the cached model, take the step's weight
 * snapshot, run the replica's half of the step ({@link ShardSteps}) on the task's shard, return the
 * result. It reads only broadcasts and its own shard and writes nothing shared, so a retried task
 * computes the same bits.
 */
final class ShardJob implements Function2<Integer, Iterator<ShardTask>, Iterator<Object>> {
    private static final long serialVersionUID = 1L;

    enum Kind { TRAIN, TEST, PREDICT }

    private final Broadcast<ModelSpec> spec;
    private final Broadcast<WeightSnapshot> weights;
    private final Kind kind;
    private final long step;
    private final int globalSize;
    private final int replicas;
    private final ShardHook hook;

    ShardJob(Broadcast<ModelSpec> spec, Broadcast<WeightSnapshot> weights, Kind kind, long step, int globalSize,
             int replicas, ShardHook hook) {
        this.spec = spec;
        this.weights = weights;
        this.kind = kind;
        this.step = step;
        this.globalSize = globalSize;
        this.replicas = replicas;
        this.hook = hook;
    }

    @Override
    public Iterator<Object> call(Integer replica, Iterator<ShardTask> tasks) {
        ShardTask task = tasks.next();
        if (hook != null) {
            TaskContext tc = TaskContext.get();
            hook.beforeShard(new ShardHook.ShardContext(kind.name().toLowerCase(java.util.Locale.ROOT), step, replica,
                    tc == null ? 0 : tc.attemptNumber(), task.isCached()));
        }
        Batch shard = task.batch();
        Object out = ExecutorModels.withModel(spec.value(), weights.value(), shard, r -> switch (kind) {
            case TRAIN -> ShardSteps.train(r.model, r.compiled, shard, step, task.offset(), globalSize, replicas);
            case TEST -> ShardSteps.test(r.model, r.compiled, shard, globalSize, replicas);
            case PREDICT -> ShardSteps.predict(r.model, shard);
        });
        return List.of(out).iterator();
    }
}
