package dev.gradus.bench;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.losses.Loss;
import dev.gradus.losses.Losses;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
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
 * The training loop's overhead: one {@code trainOnBatch} step of an MLP (the model, compiled loss,
 * loss tracker, accuracy metric, Adam) against the same step written by hand in the same run (a
 * tape over the three matmuls, the same loss, the same Adam update, no layers or metrics). The
 * MNIST MLP (784-512-512-10, batch 128) shows the cost where the math dominates; a small MLP
 * (32-64-64-10, batch 32) shows the fixed per-step overhead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainStepBench {

    @State(Scope.Benchmark)
    public static class Step {
        @Param({"784-512-512-10/128", "32-64-64-10/32"})
        public String net;

        Sequential model;
        Tensor x;
        Tensor y;
        // the hand-written baseline
        List<Variable> vars;
        Adam adam;
        Loss loss;

        @Setup(Level.Trial)
        public void setup() {
            String[] parts = net.split("/");
            String[] dims = parts[0].split("-");
            int batch = Integer.parseInt(parts[1]);
            int in = Integer.parseInt(dims[0]), h1 = Integer.parseInt(dims[1]), h2 = Integer.parseInt(dims[2]),
                    out = Integer.parseInt(dims[3]);
            x = Tensor.randomUniform(Shape.of(batch, in), 0, 1, 1);
            float[] labels = new float[batch];
            for (int i = 0; i < batch; i++) labels[i] = i % out;
            y = Tensor.of(labels, batch);
            model = new Sequential(List.of(Input.of(in),
                    new Dense(h1).activation("relu").kernelInitializer(new GlorotUniform().seed(1)),
                    new Dense(h2).activation("relu").kernelInitializer(new GlorotUniform().seed(2)),
                    new Dense(out).activation("softmax").kernelInitializer(new GlorotUniform().seed(3))));
            model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", List.of("accuracy"));
            vars = List.of(
                    new Variable(new GlorotUniform().seed(1).apply(Shape.of(in, h1)), "w1"), new Variable(Tensor.zeros(h1), "b1"),
                    new Variable(new GlorotUniform().seed(2).apply(Shape.of(h1, h2)), "w2"), new Variable(Tensor.zeros(h2), "b2"),
                    new Variable(new GlorotUniform().seed(3).apply(Shape.of(h2, out)), "w3"), new Variable(Tensor.zeros(out), "b3"));
            adam = new Adam(1e-3);
            loss = Losses.get("sparse_categorical_crossentropy");
        }
    }

    @Benchmark
    public Object trainOnBatch(Step s) {
        return s.model.trainOnBatch(s.x, s.y);
    }

    /** The same forward, loss, gradients and Adam update on bare variables. */
    @Benchmark
    public Object handWrittenStep(Step s) {
        List<Variable> v = s.vars;
        Tensor l;
        try (GradientTape tape = new GradientTape()) {
            Tensor h = Ops.relu(s.x.matmul(v.get(0).value()).add(v.get(1).value()));
            h = Ops.relu(h.matmul(v.get(2).value()).add(v.get(3).value()));
            Tensor p = Ops.softmax(h.matmul(v.get(4).value()).add(v.get(5).value()));
            l = s.loss.call(s.y, p);
            s.adam.applyGradients(tape.gradient(l, v), v);
        }
        return l;
    }
}
