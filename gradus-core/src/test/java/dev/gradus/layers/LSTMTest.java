package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LSTMTest {
    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** One unit, one feature: kernel [ki, kf, kc, ko], recurrent [ri, rf, rc, ro], bias [bi, bf, bc, bo]. */
    private static LSTM scalarLstm(double[] k, double[] r, double[] b) {
        LSTM lstm = new LSTM(1).returnSequences(true);
        lstm.buildFor(1, 3, 1);
        lstm.setWeights(List.of(Tensor.of(new double[][] {k}), Tensor.of(new double[][] {r}), Tensor.of(b)));
        return lstm;
    }

    @Test
    void stepsFollowTheGateFormulasInKerasOrderIFCO() {
        double[] k = {0.5, -0.3, 0.8, 0.2}, r = {0.1, 0.4, -0.6, 0.3}, b = {0.05, 1.0, -0.1, 0.2};
        double[] xs = {1.0, -2.0, 0.5};
        double h = 0, c = 0;
        double[] expected = new double[3];
        for (int t = 0; t < 3; t++) {
            double zi = xs[t] * k[0] + h * r[0] + b[0], zf = xs[t] * k[1] + h * r[1] + b[1];
            double zc = xs[t] * k[2] + h * r[2] + b[2], zo = xs[t] * k[3] + h * r[3] + b[3];
            c = sigmoid(zf) * c + sigmoid(zi) * Math.tanh(zc);
            h = sigmoid(zo) * Math.tanh(c);
            expected[t] = h;
        }
        Tensor out = scalarLstm(k, r, b).apply(Tensor.of(new float[] {1, -2, 0.5f}, 1, 3, 1));
        assertThat(out.shape().dims()).containsExactly(1, 3, 1);
        assertValues(out, expected, 1e-6);
        // the last output alone without return_sequences; final states from applyWithStates
        LSTM last = scalarLstm(k, r, b).returnSequences(false);
        assertValues(last.apply(Tensor.of(new float[] {1, -2, 0.5f}, 1, 3, 1)), new double[] {expected[2]}, 1e-6);
        List<Tensor> withStates = last.returnState(true).applyWithStates(Tensor.of(new float[] {1, -2, 0.5f}, 1, 3, 1), null, false);
        assertValues(withStates.get(1), new double[] {expected[2]}, 1e-6);
        assertValues(withStates.get(2), new double[] {c}, 1e-6);
    }

    @Test
    void goBackwardsProcessesTheSequenceReversedAndReturnsOutputsInThatOrder() {
        LSTM fwd = new LSTM(3).returnSequences(true).seed(1).kernelInitializer(new dev.gradus.initializers.GlorotUniform().seed(4));
        LSTM bwd = new LSTM(3).returnSequences(true).goBackwards(true);
        Tensor x = Tensor.randomNormal(2, 2, 5, 4);
        fwd.buildFor(2, 5, 4);
        bwd.buildFor(2, 5, 4);
        bwd.setWeights(fwd.getWeights());
        List<Tensor> steps = new ArrayList<>();
        for (int t = 4; t >= 0; t--) steps.add(Ops.slice(x, 1, t, t + 1));
        Tensor reversed = Ops.concat(steps, 1);
        assertThat(bwd.apply(x).allClose(fwd.apply(reversed), 1e-6, 1e-6)).isTrue();
    }

    @Test
    void weightsLiveInTheCellInKerasLayout() {
        LSTM lstm = new LSTM(128);
        Embedding emb = new Embedding(5000, 128);
        dev.gradus.models.Sequential m = new dev.gradus.models.Sequential(List.of(Input.of(200), emb, lstm, new Dense(1)));
        assertThat(lstm.countParams()).isEqualTo(131_584);
        assertThat(m.countParams()).isEqualTo(640_000 + 131_584 + 129);
        assertThat(lstm.weights()).extracting(v -> v.shape().toString()).containsExactly("(128, 512)", "(128, 512)", "(512,)");
        assertThat(lstm.weights()).extracting(Variable::name).containsExactly("lstm_cell/kernel", "lstm_cell/recurrent_kernel",
                "lstm_cell/bias");
        assertThat(lstm.cell().weights()).isEqualTo(lstm.weights());
        // unit_forget_bias: the forget block of the bias starts at 1, the others at the bias initializer (zeros)
        float[] bias = lstm.cell().bias().value().toFloatArray();
        for (int i = 0; i < 512; i++) assertThat(bias[i]).isEqualTo(i >= 128 && i < 256 ? 1f : 0f);
        LSTM frozen = new LSTM(2).trainable(false);
        frozen.buildFor(1, 3, 4);
        assertThat(frozen.trainableWeights()).isEmpty();
        assertThat(frozen.nonTrainableWeights()).hasSize(3);
        LSTM noBias = new LSTM(2).useBias(false);
        noBias.buildFor(1, 3, 4);
        assertThat(noBias.weights()).hasSize(2);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        LSTM lstm = new LSTM(2).returnSequences(true).biasInitializer("random_normal").seed(3);
        lstm.buildFor(2, 3, 3);
        GradCheck.check1(x -> lstm.apply(x), Tensor.randomNormal(5, 2, 3, 3));
        // weights: the tape's gradient of sum(out * w) against central differences
        RecurrentLayersTest.checkWeightGradients(lstm, lstm::apply, Tensor.randomNormal(6, 2, 3, 3));
    }

    @Test
    void anEmbeddingLstmClassifierLearnsOrderDependentLabels() {
        // label: does token 1 come before token 2? (both occur once; a bag of words cannot tell)
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int n = 384, steps = 6;
        float[] ids = new float[n * steps], y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) ids[i * steps + t] = 3 + r.nextInt(5);
            int a = r.nextInt(steps), b = (a + 1 + r.nextInt(steps - 1)) % steps;
            ids[i * steps + a] = 1;
            ids[i * steps + b] = 2;
            y[i] = a < b ? 1 : 0;
        }
        dev.gradus.util.Seeds.setRandomSeed(11);
        try {
            dev.gradus.models.Sequential m = new dev.gradus.models.Sequential(List.of(Input.of(steps), new Embedding(8, 8),
                    new LSTM(16), new Dense(1).activation("sigmoid")));
            m.compile(new dev.gradus.optimizers.Adam(0.02), "binary_crossentropy", List.of("accuracy"));
            Tensor x = Tensor.of(ids, n, steps), labels = Tensor.of(y, n, 1);
            dev.gradus.callbacks.History h = m.fit(x, labels, new dev.gradus.training.FitOptions().epochs(15).batchSize(32)
                    .verbose(0).seed(8));
            List<Double> acc = h.get("accuracy");
            assertThat(acc.get(0)).isLessThan(0.8);
            assertThat(acc.get(acc.size() - 1)).isGreaterThan(0.95);
        } finally {
            dev.gradus.util.Seeds.clearRandomSeed();
        }
    }

    @Test
    void dropoutMasksApplyOnlyInTrainingAndAreSeeded() {
        Tensor x = Tensor.randomNormal(8, 4, 6, 3);
        LSTM plain = new LSTM(4).seed(2);
        plain.buildFor(4, 6, 3);
        LSTM drop = new LSTM(4).dropout(0.5).recurrentDropout(0.3).seed(2);
        drop.buildFor(4, 6, 3);
        drop.setWeights(plain.getWeights());
        assertThat(drop.apply(x, false).allClose(plain.apply(x, false), 0, 0)).isTrue();
        Tensor t1 = drop.apply(x, true), t2 = drop.apply(x, true);
        assertThat(t1.allClose(plain.apply(x, false), 1e-3, 1e-3)).isFalse();
        assertThat(t1.allClose(t2, 1e-4, 1e-4)).isFalse();
        LSTM again = new LSTM(4).dropout(0.5).recurrentDropout(0.3).seed(2);
        again.buildFor(4, 6, 3);
        again.setWeights(plain.getWeights());
        assertThat(again.apply(x, true).allClose(t1, 0, 0)).isTrue();
    }

    @Test
    void configIsKerasFlatLayoutAndRoundTrips() {
        // the LSTM config of imdb_embedding_lstm.keras (Keras 3.11), initializers as Keras writes them
        Map<String, Object> file = Config.of("name", "lstm", "trainable", true, "dtype", "float32", "return_sequences", false,
                "return_state", false, "go_backwards", false, "stateful", false, "unroll", false, "zero_output_for_mask", false,
                "units", 128, "activation", "tanh", "recurrent_activation", "sigmoid", "use_bias", true,
                "kernel_initializer", Config.of("module", "keras.initializers", "class_name", "GlorotUniform",
                        "config", Config.of("seed", null), "registered_name", null),
                "recurrent_initializer", Config.of("module", "keras.initializers", "class_name", "Orthogonal",
                        "config", Config.of("seed", null, "gain", 1.0), "registered_name", null),
                "bias_initializer", Config.of("module", "keras.initializers", "class_name", "Zeros", "config", Config.of(),
                        "registered_name", null),
                "unit_forget_bias", true, "kernel_regularizer", null, "recurrent_regularizer", null, "bias_regularizer", null,
                "activity_regularizer", null, "kernel_constraint", null, "recurrent_constraint", null, "bias_constraint", null,
                "dropout", 0.2, "recurrent_dropout", 0.2, "seed", null);
        LSTM lstm = LSTM.fromConfig(file);
        assertThat(lstm.getConfig().keySet()).containsExactlyElementsOf(file.keySet());
        assertThat(lstm.getConfig()).containsEntry("units", 128).containsEntry("dropout", 0.2).containsEntry("stateful", false);
        roundTrip(lstm);
        roundTrip(new LSTM(3).returnSequences(true).goBackwards(true).unroll(true).activation("relu").unitForgetBias(false)
                .kernelRegularizer("l2").recurrentConstraint("non_neg").seed(5));
        roundTrip(new LSTMCell(4).dropout(0.1).recurrentActivation("hard_sigmoid"));
        assertThat(Layers.get(Config.serialized("LSTMCell", Config.of("units", 2)))).isInstanceOf(LSTMCell.class);
    }

    @Test
    void cellStepsAsAKerasCell() {
        LSTM lstm = scalarLstm(new double[] {0.5, -0.3, 0.8, 0.2}, new double[] {0.1, 0.4, -0.6, 0.3}, new double[] {0, 1, 0, 0});
        Tensor x = Tensor.of(new float[] {1}, 1, 1);
        Tensor viaLayer = lstm.returnSequences(false).apply(Ops.reshape(x, 1, 1, 1));
        // the layer runs the fused sequence op, whose tanh is a lanewise polynomial a few ulp from the step's Math.tanh
        assertThat(lstm.cell().apply(x).allClose(viaLayer, 1e-6, 0)).isTrue();
        Tensor zeros = Tensor.zeros(1, 1);
        assertThat(lstm.cell().apply(List.of(x, zeros, zeros)).allClose(viaLayer, 1e-6, 0)).isTrue();
    }

    @Test
    void badArgumentsFailClearly() {
        assertThatThrownBy(() -> new LSTM(2).returnState(true).apply(Tensor.zeros(1, 3, 2))).hasMessageContaining("applyAll");
        assertThatThrownBy(() -> new LSTM(2).apply(Tensor.zeros(3, 2))).hasMessageContaining("expected ndim=3");
        assertThatThrownBy(() -> new LSTM(0)).hasMessageContaining("units must be >= 1, got 0");
        assertThatThrownBy(() -> new LSTM(2).dropout(1.5)).hasMessageContaining("dropout must be in [0.0, 1.0], got 1.5");
        LSTM built = new LSTM(2);
        built.apply(Tensor.zeros(1, 3, 2));
        assertThatThrownBy(() -> built.apply(Tensor.zeros(1, 3, 5))).hasMessageContaining("built for 2 features").hasMessageContaining("(1, 3, 5)");
        assertThatThrownBy(() -> built.applyWithStates(Tensor.zeros(1, 3, 2), List.of(Tensor.zeros(1, 3), Tensor.zeros(1, 3)), false))
                .hasMessageContaining("initial states must have shape (1, 2)");
        assertThatThrownBy(() -> LSTM.fromConfig(Config.of("units", 2, "go_forwards", true))).hasMessageContaining("go_forwards");
    }
}
