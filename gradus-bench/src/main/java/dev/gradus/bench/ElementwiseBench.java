package dev.gradus.bench;

import dev.gradus.ops.Ops;
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

/** Element-wise ops and softmax through the public API ({@link Ops}), allocation of the result included. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBench {

    @State(Scope.Benchmark)
    public static class Vectors {
        @Param({"1048576", "16777216"})
        public int size;

        @Param({"1", "2"})
        public int threads;

        Tensor x, y, rows, column;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(threads);
            x = Tensor.randomUniform(1L, size);
            y = Tensor.randomUniform(2L, size);
            rows = Tensor.randomUniform(4L, size / 1024, 1024);
            column = Tensor.randomUniform(5L, size / 1024, 1);
        }
    }

    @State(Scope.Benchmark)
    public static class Logits {
        @Param({"10", "1000"})
        public int classes;

        @Param({"1", "2"})
        public int threads;

        Tensor logits;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(threads);
            logits = Tensor.randomNormal(3L, 128, classes);
        }
    }

    @Benchmark
    public Tensor add(Vectors s) {
        return Ops.add(s.x, s.y);
    }

    /** A (rows, 1024) matrix plus a (rows, 1) column: the loop with one operand broadcast across a segment. */
    @Benchmark
    public Tensor addColumn(Vectors s) {
        return Ops.add(s.rows, s.column);
    }

    @Benchmark
    public Tensor exp(Vectors s) {
        return Ops.exp(s.x);
    }

    /** Baseline: a plain Java loop into a new array, one thread (what C2 alone gives). */
    @Benchmark
    public float[] addPlainLoop(Vectors s) {
        float[] a = s.x.unsafeBuffer(), b = s.y.unsafeBuffer(), out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] + b[i];
        return out;
    }

    /** Baseline: {@code Math.exp} in a plain loop, one thread. */
    @Benchmark
    public float[] expPlainLoop(Vectors s) {
        float[] a = s.x.unsafeBuffer(), out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (float) Math.exp(a[i]);
        return out;
    }

    @Benchmark
    public Tensor softmax(Logits s) {
        return Ops.softmax(s.logits, -1);
    }
}
