package dev.gradus.spark;

import dev.gradus.data.Batch;
import dev.gradus.distribution.DataParallel;
import dev.gradus.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * A step on a {@link SparkFrame}: the global batch's rows (global indices, in batch order) are picked from
 * the cached blocks that hold them, keyed by the replica whose shard they fall in, moved to one
 * partition per replica (one shuffle of the batch's rows), sorted back into batch order, and handed
 * to the replica's task as its shard. Replica {@code r} therefore gets rows
 * {@code [bounds[r], bounds[r + 1])} of the batch, as {@code DataParallel.replicas(R)} cuts it.
 */
final class FrameSteps {
    private FrameSteps() {}

    /** One row of a batch on its way to its replica: its position in the batch and its values. */
    record PickedRow(int position, float[] x, float[] y, float w) implements Serializable {}

    /** The replicas' shard tasks for the batch whose rows are {@code rows}, cut into {@code replicas} shards. */
    static JavaRDD<ShardTask> shards(SparkFrame frame, long[] rows, int replicas) {
        SparkFrame.Blocks blocks = frame.blocks();
        int[] bounds = DataParallel.shardBounds(rows.length, replicas);
        int nonEmpty = Math.min(rows.length, replicas);
        ShardMaker maker = new ShardMaker(frame, bounds, blocks.xWidth(), blocks.yWidth());
        return blocks.rdd().flatMapToPair(new Pick(rows, bounds))
                .partitionBy(new HashPartitioner(nonEmpty))
                .mapPartitionsWithIndex(maker, false);
    }

    /** On each block: the batch's rows it holds, keyed by replica. */
    private record Pick(long[] rows, int[] bounds) implements PairFlatMapFunction<FrameBlock, Integer, PickedRow> {
        @Override
        public Iterator<Tuple2<Integer, PickedRow>> call(FrameBlock b) {
            List<Tuple2<Integer, PickedRow>> out = new ArrayList<>();
            int replica = 0;
            for (int pos = 0; pos < rows.length; pos++) {
                while (pos >= bounds[replica + 1]) replica++;
                long local = rows[pos] - b.first();
                if (local < 0 || local >= b.count()) continue;
                int r = (int) local;
                float[] x = java.util.Arrays.copyOfRange(b.x(), r * b.xWidth(), (r + 1) * b.xWidth());
                float[] y = b.y() == null ? null : java.util.Arrays.copyOfRange(b.y(), r * b.yWidth(), (r + 1) * b.yWidth());
                out.add(new Tuple2<>(replica, new PickedRow(pos, x, y, b.w() == null ? Float.NaN : b.w()[r])));
            }
            return out.iterator();
        }
    }

    /** On each replica's partition: its rows sorted into batch order, as one shard. */
    private static final class ShardMaker implements Function2<Integer, Iterator<Tuple2<Integer, PickedRow>>, Iterator<ShardTask>> {
        private static final long serialVersionUID = 1L;
        private final SparkFrame.ShapeSpec shape;
        private final int[] bounds;

        ShardMaker(SparkFrame frame, int[] bounds, int xWidth, int yWidth) {
            this.shape = frame.shapeSpec(xWidth, yWidth);
            this.bounds = bounds;
        }

        @Override
        public Iterator<ShardTask> call(Integer replica, Iterator<Tuple2<Integer, PickedRow>> in) {
            List<PickedRow> rows = new ArrayList<>();
            in.forEachRemaining(t -> rows.add(t._2()));
            rows.sort(Comparator.comparingInt(PickedRow::position));
            int n = rows.size(), expected = bounds[replica + 1] - bounds[replica];
            if (n != expected) throw new IllegalStateException("replica " + replica + " received " + n + " rows of the batch, expected "
                    + expected + ": the DataFrame's rows changed order or count since they were numbered");
            float[] x = new float[n * shape.xWidth()];
            float[] y = shape.yWidth() == 0 ? null : new float[n * shape.yWidth()];
            float[] w = n > 0 && !Float.isNaN(rows.get(0).w()) ? new float[n] : null;
            for (int i = 0; i < n; i++) {
                PickedRow p = rows.get(i);
                System.arraycopy(p.x(), 0, x, i * shape.xWidth(), shape.xWidth());
                if (y != null) System.arraycopy(p.y(), 0, y, i * shape.yWidth(), shape.yWidth());
                if (w != null) w[i] = p.w();
            }
            Batch shard = shape.batch(x, y, w, n);
            return List.of(ShardTask.of(shard, bounds[replica])).iterator();
        }
    }

    /** A placeholder batch's rows: the tensor that stands for them in the loop, and their global indices. */
    record FrameBatch(SparkFrame frame, long[] rows) {}

    /** The placeholder input of {@code n} rows: the loop reads only its batch size. */
    static Tensor placeholder(int n) {
        return Tensor.zeros(n, 1);
    }
}
