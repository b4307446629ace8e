package dev.gradus.bench;

import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Parallel;
import java.util.List;
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
 * One Adam step ({@code applyGradients}, the whole pipeline) on a 10M-parameter variable, against
 * the memory-bound floor measured in the same run: one pass that reads the gradient and reads and
 * writes the variable and its two moment arrays (the same traffic as the step, none of the math).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OptimizerBench {

    @State(Scope.Benchmark)
    public static class Step {
        @Param({"10000000"})
        public int size;

        @Param({"1", "2"})
        public int threads;

        Variable w;
        List<Variable> vars;
        List<Tensor> grads;
        Adam adam;
        float[] fw, fm, fv, fg;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(threads);
            w = new Variable(Tensor.randomNormal(1L, size), "w");
            vars = List.of(w);
            grads = List.of(Tensor.randomNormal(2L, size).mul(1e-3));
            adam = new Adam(1e-3);
            adam.applyGradients(grads, vars); // build: slots and the variable's own copy exist from here on
            fw = Tensor.randomNormal(3L, size).toFloatArray();
            fm = new float[size];
            fv = new float[size];
            fg = grads.get(0).toFloatArray();
        }
    }

    @Benchmark
    public void adamStep(Step s) {
        s.adam.applyGradients(s.grads, s.vars);
    }

    /** The floor: read g, read and write w, m, v once, split over the same threads. */
    @Benchmark
    public void memoryFloor(Step s) {
        float[] w = s.fw, m = s.fm, v = s.fv, g = s.fg;
        Parallel.forRange(w.length, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i];
                w[i] += gi;
                m[i] += gi;
                v[i] += gi;
            }
        });
    }
}
