package dev.gradus.spark;

import dev.gradus.autodiff.Variable;
import dev.gradus.training.ShardSteps.Values;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * The driver's weights at the start of a step, copied: broadcast as an immutable snapshot (in local mode
 * the tasks see this very object, so it must never be the model's own storage). The id tells an
 * executor's cached model whether it already holds these values.
 */
record WeightSnapshot(String id, Values[] weights) implements Serializable {

    static WeightSnapshot of(List<Variable> weights) {
        Values[] values = new Values[weights.size()];
        for (int i = 0; i < values.length; i++) values[i] = Values.of(weights.get(i).value());
        return new WeightSnapshot(UUID.randomUUID().toString(), values);
    }
}
