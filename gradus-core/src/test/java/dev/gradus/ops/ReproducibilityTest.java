package dev.gradus.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.Gradus;
import dev.gradus.autodiff.Variable;
import dev.gradus.layers.Conv2D;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.layers.LSTM;
import dev.gradus.layers.Layer;
import dev.gradus.layers.Reshape;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.training.CompileOptions;
import dev.gradus.training.FitOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 item 10: with the same seeds and thread count, training is bit-identical from run to
 * run. The model has what the transformer, bidirectional-LSTM and VAE examples have: a custom layer
 * with batched {@code matmul} (self-attention), {@code Conv2D} with strides 2, {@code LSTM(goBackwards)}
 * and a layer that samples normal noise.
 */
class ReproducibilityTest {
    /** Single-head self-attention over (batch, steps, d): softmax(x Wq (x Wk)^T / sqrt(d)) x Wv. */
    static final class SelfAttention extends Layer {
        Variable wq, wk, wv;

        @Override
        protected void build(int[] inputShape) {
            int d = inputShape[inputShape.length - 1];
            wq = addWeight("wq", new int[] {d, d}, s -> Tensor.randomNormal(s, 0, 0.3, 1));
            wk = addWeight("wk", new int[] {d, d}, s -> Tensor.randomNormal(s, 0, 0.3, 2));
            wv = addWeight("wv", new int[] {d, d}, s -> Tensor.randomNormal(s, 0, 0.3, 3));
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            Tensor q = Ops.matmul(x, wq.value()), k = Ops.matmul(x, wk.value()), v = Ops.matmul(x, wv.value());
            Tensor scores = Ops.matmul(q, Ops.transpose(k, new int[] {0, 2, 1})).mul(1.0 / Math.sqrt(q.shape().get(-1)));
            return Ops.matmul(Ops.softmax(scores), v);
        }
    }

    /** The VAE's reparameterisation: z = mean + exp(logvar / 2) * eps, eps ~ N(0, 1) from a seeded sequence. */
    static final class Sampling extends Layer {
        long seed = 1234;

        @Override
        public Tensor call(Tensor x, boolean training) {
            int half = x.shape().get(-1) / 2;
            Tensor mean = Ops.slice(x, new int[] {0, 0}, new int[] {x.shape().get(0), half});
            Tensor logvar = Ops.slice(x, new int[] {0, half}, new int[] {x.shape().get(0), half});
            Tensor eps = Tensor.randomNormal(Shape.of(x.shape().get(0), half), 0, 1, seed++);
            return mean.add(Ops.exp(logvar.mul(0.5)).mul(eps));
        }
    }

    private static List<float[]> train() {
        Sequential m = new Sequential(List.of(Input.of(16, 16, 3),
                new Conv2D(16, 3).strides(2, 2).activation("relu"),
                new Reshape(49, 16),
                new SelfAttention(),
                new LSTM(32).goBackwards(true),
                new Dense(32),
                new Sampling(),
                new Dense(1)));
        m.compile(new CompileOptions().optimizer(new Adam(0.01)).loss("mse"));
        Tensor x = Tensor.randomNormal(Shape.of(96, 16, 16, 3), 0, 1, 7);
        Tensor y = Tensor.randomNormal(Shape.of(96, 1), 0, 1, 8);
        m.fit(x, y, new FitOptions().epochs(2).batchSize(32).verbose(0).seed(9));
        List<float[]> out = new ArrayList<>();
        for (Variable v : m.weights()) out.add(v.value().toFloatArray());
        return out;
    }

    @Test
    void trainingTwiceWithTheSameSeedsAndThreadsIsBitIdentical() {
        int threads = Parallel.threads();
        try {
            Gradus.setThreads(2);
            Gradus.setRandomSeed(42);
            List<float[]> first = train();
            for (int run = 0; run < 4; run++) {
                Gradus.setRandomSeed(42);
                List<float[]> again = train();
                for (int i = 0; i < first.size(); i++)
                    assertThat(again.get(i)).as("run %d, weight %d", run, i).containsExactly(first.get(i));
            }
        } finally {
            Gradus.setThreads(threads);
        }
    }
}
