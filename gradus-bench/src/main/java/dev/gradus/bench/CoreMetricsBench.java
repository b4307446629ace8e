package dev.gradus.bench;

import dev.gradus.metrics.BinaryAccuracy;
import dev.gradus.metrics.Mean;
import dev.gradus.metrics.MeanIoU;
import dev.gradus.metrics.SparseCategoricalAccuracy;
import dev.gradus.tensor.Tensor;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code updateState} of the mean-based and IoU metrics on a large batch, each beside a plain
 * single-threaded loop over the same arrays that computes the same statistic (the floor: one read of
 * the data, no tensors, no state variables).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CoreMetricsBench {
    static final int N = 10_000_000;
    static final int ROWS = 1_000_000, CLASSES = 10;
    static final int PIXELS = 4_000_000, SEGMENT_CLASSES = 21;

    @State(Scope.Benchmark)
    public static class Data {
        Tensor labels, probabilities, values;
        Tensor sparseLabels, rows;
        Tensor pixelTruth, pixelPred;
        final Mean mean = new Mean();
        final BinaryAccuracy binaryAccuracy = new BinaryAccuracy();
        final SparseCategoricalAccuracy sparseAccuracy = new SparseCategoricalAccuracy();
        final MeanIoU meanIoU = new MeanIoU(SEGMENT_CLASSES);

        @Setup(Level.Trial)
        public void setup() {
            Random rnd = new Random(42);
            float[] l = new float[N], p = new float[N];
            for (int i = 0; i < N; i++) {
                l[i] = rnd.nextBoolean() ? 1 : 0;
                p[i] = rnd.nextFloat();
            }
            labels = Tensor.of(l, N);
            probabilities = Tensor.of(p, N);
            values = probabilities;
            float[] ids = new float[ROWS], scores = new float[ROWS * CLASSES];
            for (int i = 0; i < ROWS; i++) ids[i] = rnd.nextInt(CLASSES);
            for (int i = 0; i < scores.length; i++) scores[i] = rnd.nextFloat();
            sparseLabels = Tensor.of(ids, ROWS);
            rows = Tensor.of(scores, ROWS, CLASSES);
            float[] t = new float[PIXELS], q = new float[PIXELS];
            for (int i = 0; i < PIXELS; i++) {
                t[i] = rnd.nextInt(SEGMENT_CLASSES);
                q[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(SEGMENT_CLASSES) : t[i];
            }
            pixelTruth = Tensor.of(t, PIXELS);
            pixelPred = Tensor.of(q, PIXELS);
        }
    }

    @Benchmark
    public Tensor meanUpdate(Data d) {
        d.mean.updateState(d.values);
        return d.mean.result();
    }

    /** Baseline for {@link #meanUpdate}: a double sum over the 10M values. */
    @Benchmark
    public double meanPlainLoop(Data d) {
        float[] v = d.values.unsafeBuffer();
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }

    @Benchmark
    public Tensor binaryAccuracyUpdate(Data d) {
        d.binaryAccuracy.updateState(d.labels, d.probabilities);
        return d.binaryAccuracy.result();
    }

    /** Baseline for {@link #binaryAccuracyUpdate}: count {@code label == (p > 0.5)} over 10M pairs. */
    @Benchmark
    public double binaryAccuracyPlainLoop(Data d) {
        float[] l = d.labels.unsafeBuffer(), p = d.probabilities.unsafeBuffer();
        long hits = 0;
        for (int i = 0; i < l.length; i++) hits += l[i] == (p[i] > 0.5f ? 1f : 0f) ? 1 : 0;
        return (double) hits / l.length;
    }

    @Benchmark
    public Tensor sparseCategoricalAccuracyUpdate(Data d) {
        d.sparseAccuracy.updateState(d.sparseLabels, d.rows);
        return d.sparseAccuracy.result();
    }

    /** Baseline for {@link #sparseCategoricalAccuracyUpdate}: row argmax and compare over (1M, 10). */
    @Benchmark
    public double sparseCategoricalAccuracyPlainLoop(Data d) {
        float[] ids = d.sparseLabels.unsafeBuffer(), s = d.rows.unsafeBuffer();
        long hits = 0;
        for (int r = 0; r < ids.length; r++) {
            int base = r * CLASSES, best = 0;
            for (int c = 1; c < CLASSES; c++) if (s[base + c] > s[base + best]) best = c;
            if (best == ids[r]) hits++;
        }
        return (double) hits / ids.length;
    }

    @Benchmark
    public Tensor meanIoUUpdate(Data d) {
        d.meanIoU.updateState(d.pixelTruth, d.pixelPred);
        return d.meanIoU.result();
    }

    /** Baseline for {@link #meanIoUUpdate}: a 21x21 confusion matrix over 4M pixel ids. */
    @Benchmark
    public long[] meanIoUPlainLoop(Data d) {
        float[] t = d.pixelTruth.unsafeBuffer(), p = d.pixelPred.unsafeBuffer();
        long[] cm = new long[SEGMENT_CLASSES * SEGMENT_CLASSES];
        for (int i = 0; i < t.length; i++) cm[(int) t[i] * SEGMENT_CLASSES + (int) p[i]]++;
        return cm;
    }
}
