package dev.gradus.spark;

import dev.gradus.data.Batch;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A DataFrame as training, evaluation or prediction data whose rows stay on the executors: a features
 * column (an array of numbers, or a number), an optional label column (a number for sparse labels, an
 * array for one-hot or regression targets) and an optional sample-weight column. Like a Keras
 * {@code tf.data} dataset it is already batched ({@link #batchSize}, 32 by default) and shuffles only
 * when asked ({@link #shuffle}); {@code FitOptions.batchSize} and {@code shuffle} do not apply to it.
 *
 * <p>On first use the rows are numbered ({@code zipWithIndex}), converted to float blocks, one per
 * partition, and cached on the executors ({@link #unpersist} frees them). Each step then moves only
 * its global batch's rows from the blocks that hold them to the replicas' tasks (one shuffle of
 * {@code batchSize} rows), never through the driver. The rows' order must be stable across
 * recomputation, as a DataFrame read from files is: the blocks are rebuilt from it if an executor
 * is lost.
 */
public final class SparkFrame {
    private final Dataset<Row> df;
    private final String features;
    private final String label;
    private String weight;
    private int batchSize = 32;
    private Long seed;
    private int[] featureShape;
    private Map<Integer, Double> classWeight;
    private Blocks blocks;

    /** Where the rows are: the cached blocks, each block's first global row, the widths, the first row on the driver. */
    record Blocks(JavaRDD<FrameBlock> rdd, long[] starts, long count, int xWidth, int yWidth, Batch template) {}

    private SparkFrame(Dataset<Row> df, String features, String label) {
        this.df = df;
        this.features = column(df, "featuresColumn", features);
        this.label = label == null ? null : column(df, "labelColumn", label);
    }

    /** Training or evaluation data: features and labels. */
    public static SparkFrame of(Dataset<Row> df, String featuresColumn, String labelColumn) {
        Check.notNull("df", df);
        Check.notNull("labelColumn", labelColumn);
        return new SparkFrame(df, featuresColumn, labelColumn);
    }

    /** Prediction data: features only. */
    public static SparkFrame of(Dataset<Row> df, String featuresColumn) {
        Check.notNull("df", df);
        return new SparkFrame(df, featuresColumn, null);
    }

    private static String column(Dataset<Row> df, String argument, String name) {
        Check.notNull(argument, name);
        List<String> names = Arrays.asList(df.schema().fieldNames());
        if (!names.contains(name)) throw new IllegalArgumentException(argument + ": expected one of the DataFrame's columns "
                + names + ", got '" + name + "'");
        return name;
    }

    /** Keras's {@code sample_weight}, one number per row from this column. */
    public SparkFrame sampleWeight(String column) {
        Check.argument(label != null, "sampleWeight: a frame without a label column has no loss to weigh");
        Check.argument(classWeight == null, "sampleWeight: You cannot `class_weight` and `sample_weight` at the same time.");
        this.weight = column(df, "sampleWeightColumn", column);
        return invalidate();
    }

    /** Keras's {@code class_weight}: each row weighs its class's weight (classes not in the map weigh 1). */
    public SparkFrame classWeight(Map<Integer, Double> classWeight) {
        Check.notNull("classWeight", classWeight);
        Check.argument(label != null, "classWeight: a frame without a label column has no classes");
        Check.argument(weight == null, "classWeight: You cannot `class_weight` and `sample_weight` at the same time.");
        this.classWeight = new TreeMap<>(classWeight);
        return invalidate();
    }

    /** Rows per global batch (Keras's {@code batch_size}), 32 by default. */
    public SparkFrame batchSize(int batchSize) {
        this.batchSize = Check.atLeast("batchSize", batchSize, 1);
        return this;
    }

    /**
     * Shuffles the rows before each epoch of {@code fit}: epoch {@code e}'s order is a permutation
     * drawn from {@code (seed, e)}, so a run repeats, and a run resumed at epoch {@code e}
     * (BackupAndRestore) sees the orders of an uninterrupted one.
     */
    public SparkFrame shuffle(long seed) {
        this.seed = seed;
        return this;
    }

    /** The shape of one row's features when the column holds them flat (an image {@code 28, 28, 1}). */
    public SparkFrame featureShape(int... shape) {
        Check.notNull("featureShape", shape);
        Shape.of(shape);
        this.featureShape = shape.clone();
        return invalidate();
    }

    /** The number of rows (materialises the cached blocks). */
    public long count() {
        return blocks().count();
    }

    /** Frees the cached blocks on the executors; a later use reads the DataFrame again. */
    public synchronized void unpersist() {
        if (blocks != null) blocks.rdd().unpersist(false);
        blocks = null;
    }

    private synchronized SparkFrame invalidate() {
        unpersist();
        return this;
    }

    int batchSizeValue() {
        return batchSize;
    }

    Long seed() {
        return seed;
    }

    boolean hasLabel() {
        return label != null;
    }

    Dataset<Row> dataFrame() {
        return df;
    }

    String featuresColumn() {
        return features;
    }

    /** How a shard's flat rows become a batch: the features' row shape and the label width (0: none). */
    record ShapeSpec(String featuresColumn, int[] featureShape, int xWidth, int yWidth) implements java.io.Serializable {
        /** Rows as a batch: features shaped {@code (n, ...featureShape)}, labels {@code (n,)} when one per row else {@code (n, k)}. */
        Batch batch(float[] x, float[] y, float[] w, int n) {
            int[] row = featureShape != null ? featureShape : new int[] {xWidth};
            if (Shape.of(row).size() != xWidth) throw new IllegalArgumentException("featureShape: " + Shape.of(row) + " holds "
                    + Shape.of(row).size() + " values, the features column '" + featuresColumn + "' " + xWidth + " per row");
            int[] dims = new int[row.length + 1];
            dims[0] = n;
            System.arraycopy(row, 0, dims, 1, row.length);
            Tensor xs = Tensor.of(x, dims);
            if (y == null) return Batch.of(xs);
            Tensor ys = yWidth == 1 ? Tensor.of(y, n) : Tensor.of(y, n, yWidth);
            return new Batch(List.of(xs), List.of(ys), w == null ? null : Tensor.of(w, n));
        }
    }

    ShapeSpec shapeSpec(int xWidth, int yWidth) {
        return new ShapeSpec(features, featureShape, xWidth, yWidth);
    }

    /** The cached blocks, made on first use. */
    synchronized Blocks blocks() {
        if (blocks != null) return blocks;
        List<String> columns = new ArrayList<>(List.of(features));
        if (label != null) columns.add(label);
        if (weight != null) columns.add(weight);
        String[] names = columns.toArray(String[]::new);
        boolean hasLabel = label != null, hasWeight = weight != null;
        Map<Integer, Double> cw = classWeight;
        JavaRDD<Row> rows = df.selectExpr(quoted(names)).javaRDD();
        // number the rows once: zipWithIndex gives each partition a contiguous range of indices
        JavaRDD<FrameBlock> rdd = rows.zipWithIndex().mapPartitions(it -> {
            List<Row> part = new ArrayList<>();
            long first = -1;
            while (it.hasNext()) {
                Tuple2<Row, Long> t = it.next();
                if (first < 0) first = t._2();
                part.add(t._1());
            }
            FrameBlock b = FrameBlock.read(Math.max(first, 0), part.iterator(), hasLabel, hasWeight, names);
            return List.of(cw == null ? b : withClassWeights(b, cw)).iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        List<long[]> meta = rdd.map(b -> new long[] {b.first(), b.count(), b.xWidth(), b.yWidth()}).collect();
        long[] starts = new long[meta.size()];
        long count = 0;
        int xWidth = -1, yWidth = -1;
        for (int p = 0; p < meta.size(); p++) {
            long[] m = meta.get(p);
            starts[p] = m[1] == 0 ? count : m[0];
            count += m[1];
            if (m[1] == 0) continue;
            if (xWidth >= 0 && (m[2] != xWidth || m[3] != yWidth)) throw new IllegalArgumentException("SparkFrame: every row must hold "
                    + xWidth + " features and " + yWidth + " label values, partition " + p + " holds " + m[2] + " and " + m[3]);
            xWidth = (int) m[2];
            yWidth = (int) m[3];
        }
        if (count == 0) throw new IllegalArgumentException("SparkFrame: the DataFrame holds no rows");
        FrameBlock head = rdd.filter(b -> b.count() > 0).map(b -> new FrameBlock(b.first(), 1, Arrays.copyOf(b.x(), b.xWidth()), b.xWidth(),
                b.y() == null ? null : Arrays.copyOf(b.y(), b.yWidth()), b.yWidth(), b.w() == null ? null : Arrays.copyOf(b.w(), 1))).first();
        blocks = new Blocks(rdd, starts, count, xWidth, yWidth, shapeSpec(xWidth, yWidth).batch(head.x(), head.y(), head.w(), 1));
        return blocks;
    }

    private static String[] quoted(String[] names) {
        return Arrays.stream(names).map(n -> "`" + n.replace("`", "``") + "`").toArray(String[]::new);
    }

    /** Keras's class weights as each row's weight: the class is the label (argmax of a one-hot label). */
    private static FrameBlock withClassWeights(FrameBlock b, Map<Integer, Double> cw) {
        float[] w = new float[b.count()];
        for (int r = 0; r < w.length; r++) {
            int cls;
            if (b.yWidth() == 1) cls = Math.round(b.y()[r]);
            else {
                cls = 0;
                for (int k = 1; k < b.yWidth(); k++) if (b.y()[r * b.yWidth() + k] > b.y()[r * b.yWidth() + cls]) cls = k;
            }
            Double weight = cw.get(cls);
            w[r] = weight == null ? 1f : (float) (double) weight;
        }
        return new FrameBlock(b.first(), b.count(), b.x(), b.xWidth(), b.y(), b.yWidth(), w);
    }
}
