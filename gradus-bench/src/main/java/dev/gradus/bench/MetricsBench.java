package dev.gradus.bench;

import dev.gradus.metrics.AUC;
import dev.gradus.metrics.Precision;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Parallel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code updateState} of AUC (200 thresholds) and Precision (threshold 0.5) over 10M binary
 * predictions, through the public API. Throughput in predictions/s = 10M / time per call. The
 * baseline reads the same predictions and labels once in a plain loop (a sum), one thread: the
 * floor for any pass over the data.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MetricsBench {

    @State(Scope.Benchmark)
    public static class Predictions {
        @Param({"10000000"})
        public int size;

        @Param({"1", "2"})
        public int threads;

        Tensor yTrue, yPred, sampleWeight;
        AUC auc;
        Precision precision;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(threads);
            yPred = Tensor.randomUniform(1L, size);
            float[] u = Tensor.randomUniform(2L, size).toFloatArray(), p = yPred.unsafeBuffer(), labels = new float[size];
            for (int i = 0; i < size; i++) labels[i] = u[i] < p[i] ? 1f : 0f;       // calibrated: P(y=1 | p) = p
            yTrue = Tensor.of(labels, size);
            sampleWeight = Tensor.randomUniform(3L, size);
            auc = new AUC();
            precision = new Precision();
        }
    }

    @Benchmark
    public AUC aucUpdate(Predictions s) {
        s.auc.updateState(s.yTrue, s.yPred);
        return s.auc;
    }

    @Benchmark
    public AUC aucUpdateWeighted(Predictions s) {
        s.auc.updateState(s.yTrue, s.yPred, s.sampleWeight);
        return s.auc;
    }

    @Benchmark
    public Precision precisionUpdate(Predictions s) {
        s.precision.updateState(s.yTrue, s.yPred);
        return s.precision;
    }

    /** Baseline: one plain pass over predictions and labels (their sums), one thread. */
    @Benchmark
    public double readOncePlainLoop(Predictions s) {
        float[] p = s.yPred.unsafeBuffer(), y = s.yTrue.unsafeBuffer();
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += p[i] + y[i];
        return sum;
    }
}
