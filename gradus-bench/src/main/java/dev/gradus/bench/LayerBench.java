package dev.gradus.bench;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.BatchNormalization;
import dev.gradus.layers.Conv2D;
import dev.gradus.ops.Ops;
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
 * One training step's forward and backward pass through a layer ({@code layer.apply(x, true)} under a
 * tape, gradient with respect to the layer's trainable weights), beside the same computation written
 * directly with {@link Ops} on the same variables: the difference is what the layer machinery costs
 * (call context, input checks, moving-statistics updates).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LayerBench {

    @State(Scope.Benchmark)
    public static class Data {
        @Param({"1", "2"})
        public int threads;

        Tensor images; // (64, 28, 28, 1): the first layer of the MNIST convnet
        Tensor features; // (64, 13, 13, 32): a BatchNormalization after the first pooling
        Conv2D conv;
        BatchNormalization bn;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(threads);
            images = Tensor.randomUniform(1L, 64, 28, 28, 1);
            features = Tensor.randomNormal(2L, 64, 13, 13, 32);
            conv = new Conv2D(32, 3).activation("relu").kernelInitializer(new GlorotUniform().seed(3));
            conv.buildFor(64, 28, 28, 1);
            bn = new BatchNormalization();
            bn.buildFor(64, 13, 13, 32);
        }
    }

    @Benchmark
    public List<Tensor> conv2dLayer(Data d) {
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = Ops.sum(d.conv.apply(d.images, true));
            tape.close();
            return tape.gradient(loss, d.conv.trainableWeights());
        }
    }

    /** Baseline: conv2d + bias + relu with Ops on the layer's own variables. */
    @Benchmark
    public List<Tensor> conv2dOps(Data d) {
        Variable k = d.conv.kernel(), b = d.conv.bias();
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = Ops.sum(Ops.relu(Ops.add(Ops.conv2d(d.images, k.value()), b.value())));
            tape.close();
            return tape.gradient(loss, List.of(k, b));
        }
    }

    @Benchmark
    public List<Tensor> batchNormLayer(Data d) {
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = Ops.sum(Ops.square(d.bn.apply(d.features, true)));
            tape.close();
            return tape.gradient(loss, d.bn.trainableWeights());
        }
    }

    /** Baseline: the same normalisation with Ops (batch statistics, no moving-average update). */
    @Benchmark
    public List<Tensor> batchNormOps(Data d) {
        Variable gamma = d.bn.gamma(), beta = d.bn.beta();
        int[] axes = {0, 1, 2};
        try (GradientTape tape = new GradientTape()) {
            Tensor x = d.features;
            Tensor mean = Ops.mean(x, axes, true);
            Tensor var = Ops.mean(Ops.square(Ops.sub(x, mean)), axes, true);
            Tensor y = Ops.add(Ops.mul(Ops.div(Ops.sub(x, mean), Ops.sqrt(Ops.add(var, 1e-3))), gamma.value()), beta.value());
            Tensor loss = Ops.sum(Ops.square(y));
            tape.close();
            return tape.gradient(loss, List.of(gamma, beta));
        }
    }
}
