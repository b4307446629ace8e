package dev.gradus.spark;

import dev.gradus.data.Batch;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.ShardSteps.Values;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;

/**
 * One replica's shard of a global batch as it travels inside its task: the rows themselves, or, when
 * the batch was cut from arrays already broadcast to the executors ({@link SourceArrays}), only their
 * indices; and the first row's offset in the batch.
 */
record ShardTask(Values[] inputs, Values[] targets, Values sampleWeight, Broadcast<SourceArrays> source, int[] rows, int offset)
        implements Serializable {

    static ShardTask of(Batch shard, int offset) {
        return new ShardTask(values(shard.inputs()), values(shard.targets()),
                shard.sampleWeight() == null ? null : Values.of(shard.sampleWeight()), null, null, offset);
    }

    /** A shard of cached arrays: rows {@code rows} of {@code source}'s arrays. */
    static ShardTask cached(Broadcast<SourceArrays> source, int[] rows, int offset) {
        return new ShardTask(null, null, null, source, rows, offset);
    }

    boolean isCached() {
        return source != null;
    }

    Batch batch() {
        if (source != null) return source.value().rows(rows);
        return new Batch(tensors(inputs), tensors(targets), sampleWeight == null ? null : sampleWeight.tensor());
    }

    private static Values[] values(List<Tensor> ts) {
        return ts.stream().map(Values::of).toArray(Values[]::new);
    }

    private static List<Tensor> tensors(Values[] vs) {
        return Arrays.stream(vs).map(Values::tensor).toList();
    }
}
