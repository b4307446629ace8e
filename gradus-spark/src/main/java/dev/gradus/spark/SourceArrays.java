package dev.gradus.spark;

import dev.gradus.data.Batch;
import dev.gradus.data.BatchRows;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.ShardSteps.Values;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The arrays a fit, evaluate or predict was given, broadcast to the executors once per call and
 * cached there by Spark, so that each step's task carries only its shard's row indices. A shard
 * gathered from them holds the very values the driver would have cut, so the bits are unchanged.
 */
record SourceArrays(Values[] inputs, Values[] targets, Values sampleWeight) implements Serializable {

    static SourceArrays of(BatchRows.Origin origin) {
        return new SourceArrays(values(origin.inputs()), values(origin.targets()),
                origin.sampleWeight() == null ? null : Values.of(origin.sampleWeight()));
    }

    /** The batch of these rows, in this order. */
    Batch rows(int[] rows) {
        return new Batch(take(inputs, rows), take(targets, rows), sampleWeight == null ? null : take(sampleWeight, rows));
    }

    private static List<Tensor> take(Values[] vs, int[] rows) {
        return Arrays.stream(vs).map(v -> take(v, rows)).toList();
    }

    private static Tensor take(Values v, int[] rows) {
        int n = v.shape()[0], inner = n == 0 ? 0 : v.data().length / n;
        float[] out = new float[rows.length * inner];
        for (int i = 0; i < rows.length; i++) System.arraycopy(v.data(), rows[i] * inner, out, i * inner, inner);
        int[] dims = v.shape().clone();
        dims[0] = rows.length;
        return Tensor.of(out, dims);
    }

    private static Values[] values(List<Tensor> ts) {
        return ts.stream().map(Values::of).toArray(Values[]::new);
    }
}
