package dev.gradus.spark;

import dev.gradus.data.Batch;
import dev.gradus.training.ShardSteps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * {@code predict} on a DataFrame's partition, on its executor: the rows in batches, each through the
 * executor's cached model, each row given back with its prediction appended (the model's output row,
 * flattened, as {@code array<float>}). The rows keep their order and never leave the executor.
 */
final class PredictRows implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ModelSpec> spec;
    private final Broadcast<WeightSnapshot> weights;
    private final SparkFrame.ShapeSpec shape;
    private final int featureIndex;
    private final int batchSize;

    PredictRows(Broadcast<ModelSpec> spec, Broadcast<WeightSnapshot> weights, SparkFrame.ShapeSpec shape, int featureIndex, int batchSize) {
        this.spec = spec;
        this.weights = weights;
        this.shape = shape;
        this.featureIndex = featureIndex;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        List<Row> out = new ArrayList<>();
        List<Row> chunk = new ArrayList<>(batchSize);
        while (rows.hasNext()) {
            chunk.add(rows.next());
            if (chunk.size() == batchSize || !rows.hasNext()) {
                predict(chunk, out);
                chunk.clear();
            }
        }
        return out.iterator();
    }

    private void predict(List<Row> chunk, List<Row> out) {
        int n = chunk.size();
        float[] x = new float[n * shape.xWidth()];
        for (int i = 0; i < n; i++) {
            float[] v = FrameBlock.values(chunk.get(i), featureIndex, shape.featuresColumn());
            if (v.length != shape.xWidth()) throw new IllegalArgumentException("column '" + shape.featuresColumn() + "': expected "
                    + shape.xWidth() + " values per row, got " + v.length);
            System.arraycopy(v, 0, x, i * shape.xWidth(), v.length);
        }
        Batch batch = shape.batch(x, null, null, n);
        ShardSteps.Values y = ExecutorModels.withModel(spec.value(), weights.value(), batch, r -> ShardSteps.predict(r.model, batch)[0]);
        int width = y.data().length / n;
        for (int i = 0; i < n; i++) {
            Row row = chunk.get(i);
            Object[] values = new Object[row.length() + 1];
            for (int c = 0; c < row.length(); c++) values[c] = row.get(c);
            Float[] p = new Float[width];
            for (int k = 0; k < width; k++) p[k] = y.data()[i * width + k];
            values[row.length()] = p;
            out.add(RowFactory.create(values));
        }
    }
}
