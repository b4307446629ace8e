package dev.gradus.spark;

import dev.gradus.data.Batch;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.ShardSteps.Values;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** One replica's shard of a global batch as it travels inside its task: the rows and the first row's offset in the batch. */
record ShardTask(Values[] inputs, Values[] targets, Values sampleWeight, int offset) implements Serializable {

    static ShardTask of(Batch shard, int offset) {
        return new ShardTask(values(shard.inputs()), values(shard.targets()),
                shard.sampleWeight() == null ? null : Values.of(shard.sampleWeight()), offset);
    }

    Batch batch() {
        return new Batch(tensors(inputs), tensors(targets), sampleWeight == null ? null : sampleWeight.tensor());
    }

    private static Values[] values(List<Tensor> ts) {
        return ts.stream().map(Values::of).toArray(Values[]::new);
    }

    private static List<Tensor> tensors(Values[] vs) {
        return Arrays.stream(vs).map(Values::tensor).toList();
    }
}
