package dev.gradus.bench;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.layers.MultiHeadAttention;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Parallel;
import java.util.ArrayList;
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
 * The attention of keras.io's text_classification_with_transformer (W5): {@code MultiHeadAttention(2, 32)}
 * self-attention over (32, 200, 32) inputs, inference ({@code training=false}) and one training pass
 * (forward and backward under a tape, gradients for the layer's eight weights and the input). Baseline:
 * the same projections and attention written with torch ops in {@code attention_torch.py} (see README).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AttentionBench {

    @State(Scope.Benchmark)
    public static class Data {
        @Param({"1", "2"})
        public int threads;

        Tensor x;
        MultiHeadAttention mha;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(threads);
            x = Tensor.randomNormal(1L, 32, 200, 32);
            mha = new MultiHeadAttention(2, 32).seed(2);
            mha.apply(List.of(x, x));
        }
    }

    @Benchmark
    public Tensor attentionInference(Data d) {
        return d.mha.apply(List.of(d.x, d.x), false);
    }

    @Benchmark
    public List<Tensor> attentionTrainingPass(Data d) {
        try (GradientTape tape = new GradientTape()) {
            tape.watch(d.x);
            Tensor loss = Ops.sum(d.mha.apply(List.of(d.x, d.x), true));
            List<Object> sources = new ArrayList<>(d.mha.trainableWeights());
            sources.add(d.x);
            return tape.gradient(loss, sources);
        }
    }
}
