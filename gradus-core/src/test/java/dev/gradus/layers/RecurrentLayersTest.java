package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import dev.gradus.util.Config;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** SimpleRNN and GRU (and their cells) against hand-computed steps, finite differences, Keras's configs and counts. */
class RecurrentLayersTest {
    /** The layers' initializers draw from the global seed: the same weights at every run. */
    @org.junit.jupiter.api.BeforeEach
    void seed() {
        dev.gradus.Gradus.setRandomSeed(1234);
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static final double[] XS = {1.0, -2.0, 0.5};

    /** GRU, one unit and one feature: kernel [kz, kr, kh], recurrent [uz, ur, uh], bias rows [input; recurrent]. */
    static double[] gruByHand(double[] k, double[] u, double[] bIn, double[] bRec, boolean resetAfter) {
        return gruByHand(XS, k, u, bIn, bRec, resetAfter);
    }

    static double[] gruByHand(double[] xs, double[] k, double[] u, double[] bIn, double[] bRec, boolean resetAfter) {
        double h = 0;
        double[] out = new double[xs.length];
        for (int t = 0; t < xs.length; t++) {
            double x = xs[t];
            double z = sigmoid(x * k[0] + bIn[0] + h * u[0] + (resetAfter ? bRec[0] : 0));
            double r = sigmoid(x * k[1] + bIn[1] + h * u[1] + (resetAfter ? bRec[1] : 0));
            double hh = Math.tanh(x * k[2] + bIn[2] + (resetAfter ? r * (h * u[2] + bRec[2]) : (r * h) * u[2]));
            h = z * h + (1 - z) * hh;
            out[t] = h;
        }
        return out;
    }

    @Test
    void gruStepsFollowKerasFormulasWithResetAfterBothWays() {
        double[] k = {0.5, -0.3, 0.8}, u = {0.1, 0.4, -0.6}, bIn = {0.05, -0.2, 0.1}, bRec = {0.3, 0.15, -0.25};
        Tensor x = Tensor.of(new float[] {1, -2, 0.5f}, 1, 3, 1);
        GRU after = new GRU(1).returnSequences(true);
        after.buildFor(1, 3, 1);
        assertThat(after.cell().bias().shape().dims()).containsExactly(2, 3);
        after.setWeights(List.of(Tensor.of(new double[][] {k}), Tensor.of(new double[][] {u}), Tensor.of(new double[][] {bIn, bRec})));
        assertValues(after.apply(x), gruByHand(k, u, bIn, bRec, true), 1e-6);

        GRU before = new GRU(1).returnSequences(true).resetAfter(false);
        before.buildFor(1, 3, 1);
        assertThat(before.cell().bias().shape().dims()).containsExactly(3);
        before.setWeights(List.of(Tensor.of(new double[][] {k}), Tensor.of(new double[][] {u}), Tensor.of(bIn)));
        assertValues(before.apply(x), gruByHand(k, u, bIn, bRec, false), 1e-6);

        // the last output alone, and [output, h] with its state
        double[] all = gruByHand(k, u, bIn, bRec, true);
        List<Tensor> withState = after.returnSequences(false).returnState(true).applyWithStates(x, null, false);
        assertThat(withState).hasSize(2);
        assertValues(withState.get(0), new double[] {all[2]}, 1e-6);
        assertValues(withState.get(1), new double[] {all[2]}, 1e-6);
        // the cell steps as Keras's cell(inputs, states)
        Tensor x0 = Tensor.of(new float[] {1}, 1, 1);
        assertValues(after.cell().apply(List.of(x0, Tensor.zeros(1, 1))), new double[] {all[0]}, 1e-6);
    }

    @Test
    void simpleRnnIsTanhOfTheAffineStep() {
        SimpleRNN rnn = new SimpleRNN(1).returnSequences(true);
        rnn.buildFor(1, 3, 1);
        rnn.setWeights(List.of(Tensor.of(new double[][] {{0.7}}), Tensor.of(new double[][] {{-0.4}}), Tensor.of(new double[] {0.1})));
        double h = 0;
        double[] expected = new double[3];
        for (int t = 0; t < 3; t++) expected[t] = h = Math.tanh(XS[t] * 0.7 + 0.1 + h * -0.4);
        assertValues(rnn.apply(Tensor.of(new float[] {1, -2, 0.5f}, 1, 3, 1)), expected, 1e-6);
        // go_backwards reads the sequence from the end; outputs are in processing order
        SimpleRNN back = new SimpleRNN(1).returnSequences(true).goBackwards(true).activation("linear");
        back.buildFor(1, 3, 1);
        back.setWeights(rnn.getWeights());
        h = 0;
        for (int t = 2, k = 0; t >= 0; t--, k++) expected[k] = h = XS[t] * 0.7 + 0.1 + h * -0.4;
        assertValues(back.apply(Tensor.of(new float[] {1, -2, 0.5f}, 1, 3, 1)), expected, 1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (BaseRNN<?, ?> layer : List.<BaseRNN<?, ?>>of(new GRU(2).returnSequences(true).biasInitializer("random_normal").seed(3),
                new GRU(2).resetAfter(false).biasInitializer("random_normal"), new SimpleRNN(2).returnSequences(true))) {
            layer.buildFor(2, 3, 3);
            GradCheck.check1(layer::apply, Tensor.randomNormal(5, 2, 3, 3));
            checkWeightGradients(layer, layer::apply, Tensor.randomNormal(6, 2, 3, 3));
            // through masked steps too: the held states pass their gradient on
            Tensor mask = Tensor.of(new double[][] {{1, 0, 1}, {1, 1, 0}});
            GradCheck.check1(x -> layer.apply(x, mask, false), Tensor.randomNormal(8, 2, 3, 3));
            checkWeightGradients(layer, x -> layer.apply(x, mask, false), Tensor.randomNormal(9, 2, 3, 3));
        }
    }

    /** The tape's gradient of {@code sum(f(x) * w)} against central differences, for every third entry of every weight. */
    static void checkWeightGradients(Layer layer, Function<Tensor, Tensor> f, Tensor x) {
        Tensor w = Tensor.randomNormal(7, f.apply(x).shape().dims());
        List<Tensor> grads;
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = Ops.sum(Ops.mul(f.apply(x), w));
            tape.close();
            grads = tape.gradient(loss, layer.weights());
        }
        for (int v = 0; v < layer.weights().size(); v++) {
            Variable var = layer.weights().get(v);
            float[] base = var.value().toFloatArray();
            for (int i = 0; i < base.length; i += 3) {
                double eps = 1e-2;
                double up = perturbed(f, var, base, i, eps, x, w), down = perturbed(f, var, base, i, -eps, x, w);
                double fd = (up - down) / (2 * eps);
                // the central difference's truncation error grows with the function's scale: relative beyond 1
                assertThat((double) grads.get(v).toFloatArray()[i]).as(var.name() + "[" + i + "]")
                        .isCloseTo(fd, within(3e-3 * Math.max(1, Math.abs(fd))));
            }
            var.assign(Tensor.of(base, var.shape().dims()));
        }
    }

    private static double perturbed(Function<Tensor, Tensor> f, Variable var, float[] base, int i, double eps, Tensor x, Tensor w) {
        float[] p = base.clone();
        p[i] += (float) eps;
        var.assign(Tensor.of(p, var.shape().dims()));
        return Ops.sum(Ops.mul(f.apply(x), w)).item();
    }

    @Test
    void weightShapesNamesAndParamCountsAreKeras() {
        // Keras: GRU(32) on 100 features has 3·(100·32 + 32·32 + 2·32) = 12864 parameters; reset_after=False 3·(100·32 + 32·32 + 32)
        GRU gru = new GRU(32);
        Sequential m = new Sequential(List.of(Input.of(10, 100), gru));
        assertThat(m.countParams()).isEqualTo(12_864);
        assertThat(gru.weights()).extracting(Variable::name).containsExactly("gru_cell/kernel", "gru_cell/recurrent_kernel",
                "gru_cell/bias");
        assertThat(gru.weights()).extracting(v -> v.shape().toString()).containsExactly("(100, 96)", "(32, 96)", "(2, 96)");
        GRU old = new GRU(32).resetAfter(false);
        old.buildFor(1, 10, 100);
        assertThat(old.countParams()).isEqualTo(12_768);
        SimpleRNN rnn = new SimpleRNN(16);
        rnn.buildFor(1, 10, 8);
        assertThat(rnn.countParams()).isEqualTo(8 * 16 + 16 * 16 + 16);
        assertThat(rnn.namedSublayers()).containsEntry("cell", rnn.cell());
        assertThat(rnn.cell().name()).isEqualTo("simple_rnn_cell");
    }

    @Test
    void configsRoundTrip() {
        roundTrip(new GRU(3).returnSequences(true).goBackwards(true).resetAfter(false).recurrentActivation("hard_sigmoid")
                .dropout(0.1).seed(4).zeroOutputForMask(true));
        roundTrip(new SimpleRNN(2).activation("relu").kernelRegularizer("l2").useBias(false));
        roundTrip(new GRUCell(2).resetAfter(false));
        roundTrip(new SimpleRNNCell(2).recurrentDropout(0.2));
        GRU read = GRU.fromConfig(Config.of("units", 4, "reset_after", false, "use_cudnn", "auto", "implementation", 2));
        assertThat(read.cell().resetAfter()).isFalse();
        assertThatThrownBy(() -> new SimpleRNN(2).returnState(true).apply(Tensor.zeros(1, 3, 2)))
                .hasMessageContaining("returns 2 tensors");
        assertThatThrownBy(() -> new GRU(2).applyWithStates(Tensor.zeros(1, 3, 2), List.of(Tensor.zeros(1, 2), Tensor.zeros(1, 2)),
                false)).hasMessageContaining("initial_state must be 1 tensor");
    }

    @Test
    void statefulLayersCarryTheirStatesAcrossCallsUntilReset() {
        Tensor x = Tensor.randomNormal(3, 2, 6, 3);
        Tensor first = Ops.slice(x, 1, 0, 3), second = Ops.slice(x, 1, 3, 6);
        for (BaseRNN<?, ?> whole : List.<BaseRNN<?, ?>>of(new LSTM(4), new GRU(4), new SimpleRNN(4))) {
            whole.buildFor(2, 6, 3);
            BaseRNN<?, ?> stateful = (BaseRNN<?, ?>) Layers.deserialize(Layers.serialize(whole));
            stateful.stateful(true).setWeights(whole.getWeights());
            assertThat(stateful.states()).isEmpty();
            stateful.apply(first);
            // the second half continues from the first half's final states: the same as one call on the whole sequence
            assertThat(stateful.apply(second).allClose(whole.apply(x), 1e-6, 1e-6)).as(whole.getClass().getSimpleName()).isTrue();
            assertThat(stateful.states()).hasSize(whole instanceof LSTM ? 2 : 1);
            stateful.resetState();
            assertThat(stateful.apply(first).allClose(whole.apply(first), 1e-6, 1e-6)).isTrue();
            assertThatThrownBy(() -> stateful.apply(Ops.slice(first, 0, 0, 1))).hasMessageContaining("batch size of the input "
                    + "sequences must be the same as the batch size of the initial state");
            assertThat(stateful.getConfig()).containsEntry("stateful", true);
            assertThat(((BaseRNN<?, ?>) roundTrip(stateful)).stateful()).isTrue();
        }
        // a stateful Bidirectional: both directions carry their states
        Bidirectional bi = new Bidirectional(new GRU(2).stateful(true));
        Tensor a = bi.apply(first), b = bi.apply(first);
        assertThat(a.allClose(b, 1e-4, 1e-4)).isFalse();
        bi.resetStates();
        assertThat(bi.apply(first).allClose(a, 0, 0)).isTrue();
    }

    @Test
    void dropoutIsSeededAndOnlyInTraining() {
        Tensor x = Tensor.randomNormal(8, 4, 6, 3);
        GRU a = new GRU(4).dropout(0.5).recurrentDropout(0.3).seed(2), b = new GRU(4).dropout(0.5).recurrentDropout(0.3).seed(2);
        a.buildFor(4, 6, 3);
        b.buildFor(4, 6, 3);
        b.setWeights(a.getWeights());
        Tensor plain = a.apply(x, false);
        Tensor t1 = a.apply(x, true);
        assertThat(t1.allClose(plain, 1e-3, 1e-3)).isFalse();
        assertThat(b.apply(x, true).allClose(t1, 0, 0)).isTrue();
    }
}
