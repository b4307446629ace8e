package dev.gradus.bench;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.layers.Bidirectional;
import dev.gradus.layers.GRU;
import dev.gradus.layers.LSTM;
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
 * Recurrent layers over (64, 200, 128) inputs, inference ({@code apply(x, false)}) and one training
 * pass (forward and backward under a tape, gradients for the cell's weights):
 * <ul>
 *   <li>{@code lstm*}: the LSTM of the imdb_embedding_lstm file, {@code LSTM(128)};
 *   <li>{@code w4*}: W4's recurrent layer, {@code Bidirectional(LSTM(64))}, and one direction of it, {@code LSTM(64)};
 *   <li>{@code gru*}: {@code GRU(64)} (Keras's default {@code reset_after=True}).
 * </ul>
 * {@code path} compares the fused whole-sequence op with the step loop it replaced, in one run.
 * Baseline: {@code torch.nn.LSTM} / {@code torch.nn.GRU} on the same shapes and thread counts, timed in
 * the same session by {@code lstm_torch.py} (see README).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RecurrentBench {

    /**
     * tanh as a function of its own: the layers run their step loop with it. Registered, so that
     * Bidirectional's config copy of the layer finds it.
     */
    private static final dev.gradus.activations.Activation STEP_LOOP_TANH = x -> Ops.tanh(x);

    static {
        dev.gradus.activations.Activations.register("step_loop_tanh", STEP_LOOP_TANH);
    }

    @State(Scope.Benchmark)
    public static class Data {
        @Param({"1", "2"})
        public int threads;

        /**
         * {@code fused}: the layers as they are (the whole-sequence op); {@code steps}: the cell's step
         * loop, the path before the fused op, reached by an activation that is tanh but not the
         * built-in instance (the layers fuse only Keras's built-in tanh and sigmoid).
         */
        @Param({"fused", "steps"})
        public String path;

        Tensor x;
        LSTM lstm;
        LSTM lstm64;
        Bidirectional bidirectional;
        GRU gru;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(threads);
            x = Tensor.randomNormal(1L, 64, 200, 128);
            boolean steps = path.equals("steps");
            lstm = new LSTM(128).seed(2);
            lstm64 = new LSTM(64).seed(3);
            LSTM inner = new LSTM(64).seed(4);
            gru = new GRU(64).seed(5);
            if (steps) for (dev.gradus.layers.BaseRNN<?, ?> l : List.<dev.gradus.layers.BaseRNN<?, ?>>of(lstm, lstm64, inner, gru))
                l.activation(STEP_LOOP_TANH);
            lstm.buildFor(64, 200, 128);
            lstm64.buildFor(64, 200, 128);
            bidirectional = new Bidirectional(inner);
            bidirectional.buildFor(64, 200, 128);
            gru.buildFor(64, 200, 128);
        }
    }

    private static List<Tensor> trainingPass(dev.gradus.layers.Layer layer, Tensor x) {
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = Ops.sum(layer.apply(x, true));
            tape.close();
            return tape.gradient(loss, layer.trainableWeights());
        }
    }

    @Benchmark
    public Tensor lstmInference(Data d) {
        return d.lstm.apply(d.x, false);
    }

    @Benchmark
    public List<Tensor> lstmTrainingPass(Data d) {
        return trainingPass(d.lstm, d.x);
    }

    @Benchmark
    public Tensor w4LstmInference(Data d) {
        return d.lstm64.apply(d.x, false);
    }

    @Benchmark
    public List<Tensor> w4LstmTrainingPass(Data d) {
        return trainingPass(d.lstm64, d.x);
    }

    @Benchmark
    public List<Tensor> w4BidirectionalTrainingPass(Data d) {
        return trainingPass(d.bidirectional, d.x);
    }

    @Benchmark
    public Tensor gruInference(Data d) {
        return d.gru.apply(d.x, false);
    }

    @Benchmark
    public List<Tensor> gruTrainingPass(Data d) {
        return trainingPass(d.gru, d.x);
    }
}
