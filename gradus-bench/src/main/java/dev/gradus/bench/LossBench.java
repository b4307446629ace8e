package dev.gradus.bench;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.losses.BinaryCrossentropy;
import dev.gradus.losses.Loss;
import dev.gradus.losses.SparseCategoricalCrossentropy;
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

/**
 * Loss forward + backward on logits of shape (128, 1000): the reduced loss under a tape and its
 * gradient with respect to the logits. Baselines measured in the same run: the bare
 * log-softmax op forward + backward (the floor for sparse CE from logits) and hand-written float[]
 * loops computing the same loss and gradient in one pass per row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LossBench {
    static final int BATCH = 128, CLASSES = 1000;

    @State(Scope.Benchmark)
    public static class Inputs {
        @Param({"1", "2"})
        public int threads;

        Tensor logits, binaryTargets, labels, logSoftmaxWeights;
        Loss bce = new BinaryCrossentropy().fromLogits(true);
        Loss scce = new SparseCategoricalCrossentropy().fromLogits(true);
        float[] x, t;
        int[] y;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(threads);
            logits = Tensor.randomNormal(3L, BATCH, CLASSES).mul(3);
            float[] u = Tensor.randomUniform(4L, BATCH, CLASSES).toFloatArray();
            for (int i = 0; i < u.length; i++) u[i] = u[i] < 0.5 ? 0 : 1;
            binaryTargets = Tensor.of(u, BATCH, CLASSES);
            float[] l = Tensor.randomUniform(5L, BATCH).toFloatArray();
            y = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                y[i] = (int) (l[i] * CLASSES);
                l[i] = y[i];
            }
            labels = Tensor.of(l, BATCH);
            logSoftmaxWeights = Tensor.randomNormal(6L, BATCH, CLASSES);
            x = logits.toFloatArray();
            t = binaryTargets.toFloatArray();
        }
    }

    static Tensor lossAndGradient(Loss loss, Tensor yTrue, Tensor logits) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(logits);
            Tensor value = loss.call(yTrue, logits);
            return tape.gradient(value, logits);
        }
    }

    @Benchmark
    public Tensor binaryCrossentropy(Inputs in) {
        return lossAndGradient(in.bce, in.binaryTargets, in.logits);
    }

    @Benchmark
    public Tensor sparseCategoricalCrossentropy(Inputs in) {
        return lossAndGradient(in.scce, in.labels, in.logits);
    }

    /** Baseline: Ops.logSoftmax forward and its backward, nothing else. */
    @Benchmark
    public Tensor baselineLogSoftmaxOp(Inputs in) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(in.logits);
            Tensor out = Ops.logSoftmax(in.logits);
            return tape.gradient(out, in.logits);
        }
    }

    /** Baseline: mean over all elements of softplus(x) - t x, and its gradient (sigmoid(x) - t) / n, in one loop. */
    @Benchmark
    public float[] baselineBinaryLoop(Inputs in) {
        float[] x = in.x, t = in.t, g = new float[x.length];
        double loss = 0;
        float inv = 1f / x.length;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            loss += Math.max(xi, 0) + Math.log1p(Math.exp(-Math.abs(xi))) - t[i] * xi;
            g[i] = (float) ((1 / (1 + Math.exp(-xi)) - t[i]) * inv);
        }
        g[0] += (float) (loss * 0);  // keep the loss live
        return g;
    }

    /** Baseline: mean over rows of logsumexp(x) - x[y], and its gradient (softmax(x) - onehot(y)) / batch. */
    @Benchmark
    public float[] baselineSparseLoop(Inputs in) {
        float[] x = in.x, g = new float[x.length];
        int n = CLASSES;
        double loss = 0;
        for (int r = 0; r < BATCH; r++) {
            int o = r * n;
            float m = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) m = Math.max(m, x[o + k]);
            double s = 0;
            for (int k = 0; k < n; k++) {
                float e = (float) Math.exp(x[o + k] - m);
                g[o + k] = e;
                s += e;
            }
            loss += Math.log(s) + m - x[o + in.y[r]];
            float scale = (float) (1 / (s * BATCH));
            for (int k = 0; k < n; k++) g[o + k] *= scale;
            g[o + in.y[r]] -= 1f / BATCH;
        }
        g[0] += (float) (loss * 0);
        return g;
    }
}
