package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.models.Model;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import dev.gradus.training.EvaluateOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keras masks end to end: making them, passing them on, RNNs honouring them, the loss and metrics weighting by them. */
class MaskingTest {

    @Test
    void maskingZeroesMaskedStepsAndAttachesTheMask() {
        Tensor x = Tensor.of(new double[][][] {{{1, 2}, {0, 0}, {0, 3}}, {{0, 0}, {4, 0}, {0, 0}}});
        Masking masking = new Masking();
        Tensor out = masking.apply(x);
        assertValues(out, new double[] {1, 2, 0, 0, 0, 3, 0, 0, 4, 0, 0, 0}, 0);
        assertValues(Masks.get(out), new double[] {1, 0, 1, 0, 1, 0}, 0);
        // a mask value other than 0: steps equal to it everywhere become 0
        Tensor y = new Masking(-1).apply(Tensor.of(new double[][][] {{{-1, -1}, {-1, 2}}}));
        assertValues(y, new double[] {0, 0, -1, 2}, 0);
        assertValues(Masks.get(y), new double[] {0, 1}, 0);
        assertValues(masking.computeMask(x, null), new double[] {1, 0, 1, 0, 1, 0}, 0);
        assertThat(roundTrip(new Masking(0.5)).getConfig()).containsEntry("mask_value", 0.5);
        // the gradient passes through the valid steps and is 0 on the masked ones (a finite difference would unmask them)
        Tensor z = Tensor.of(new double[][][] {{{0.25, 0.25}, {0.3, -1}}}), w = Tensor.of(new double[][][] {{{1, 2}, {3, 4}}});
        try (dev.gradus.autodiff.GradientTape tape = new dev.gradus.autodiff.GradientTape()) {
            tape.watch(z);
            Tensor loss = Ops.sum(Ops.mul(new Masking(0.25).apply(z), w));
            tape.close();
            assertValues(tape.gradient(loss, List.of(z)).get(0), new double[] {0, 0, 3, 4}, 0);
        }
        GradCheck.check1(new Masking(0.25)::apply, Tensor.of(new double[][][] {{{0.5, 0.75}, {0.3, -1}}}));
    }

    @Test
    void masksAttachByIdentityNotByValue() {
        Tensor a = Tensor.of(new double[] {1, 2}), b = Tensor.of(new double[] {1, 2});
        assertThat(a).isEqualTo(b);
        Tensor m = Tensor.of(new double[] {1, 0});
        assertThat(Masks.set(a, m)).isSameAs(a);
        assertThat(Masks.get(a)).isSameAs(m);
        assertThat(Masks.get(b)).isNull(); // an equal tensor is another tensor
        Masks.set(a, null);
        assertThat(Masks.get(a)).isNull();
        assertThat(Masks.get(null)).isNull();
    }

    @Test
    void embeddingWithMaskZeroMasksIndexZero() {
        Embedding emb = new Embedding(5, 2).maskZero(true);
        Tensor out = emb.apply(Tensor.of(new double[][] {{3, 0, 1}, {0, 0, 4}}));
        assertValues(Masks.get(out), new double[] {1, 0, 1, 0, 0, 1}, 0);
        assertThat(Masks.get(new Embedding(5, 2).apply(Tensor.of(new double[][] {{3, 0}})))).isNull();
        assertThat(roundTrip(new Embedding(5, 2).maskZero(true)).getConfig()).containsEntry("mask_zero", true);
    }

    @Test
    void layersThatSupportMaskingPassItOnOthersDropIt() {
        Tensor ids = Tensor.of(new double[][] {{3, 0, 1}});
        Tensor e = new Embedding(5, 4).maskZero(true).apply(ids);
        assertThat(new Dense(2).supportsMasking()).isTrue();
        assertValues(Masks.get(new Dense(2).apply(e)), new double[] {1, 0, 1}, 0);
        assertValues(Masks.get(new Dropout(0.5).apply(e, true)), new double[] {1, 0, 1}, 0);
        assertValues(Masks.get(new LayerNormalization().apply(e)), new double[] {1, 0, 1}, 0);
        // Flatten does not support masking: the mask stops there (Keras warns)
        assertThat(new Flatten().supportsMasking()).isFalse();
        assertThat(Masks.get(new Flatten().apply(e))).isNull();
        // an RNN consumes the mask (Keras 3's supports_masking = False), with or without return_sequences
        assertThat(Masks.get(new LSTM(2).returnSequences(true).apply(e))).isNull();
        // merge layers: Add ANDs the masks; Concatenate on the last axis ORs them (an unmasked input counts as all valid)
        Tensor a = Masks.set(Tensor.ones(1, 3, 2), Tensor.of(new double[][] {{1, 1, 0}}));
        Tensor b = Masks.set(Tensor.ones(1, 3, 2), Tensor.of(new double[][] {{1, 0, 1}}));
        assertValues(Masks.get(new Add().apply(List.of(a, b))), new double[] {1, 0, 0}, 0);
        assertValues(Masks.get(new Concatenate().apply(List.of(a, b))), new double[] {1, 1, 1}, 0);
        assertValues(Masks.get(new Concatenate().axis(1).apply(List.of(a, b))), new double[] {1, 1, 0, 1, 0, 1}, 0);
        assertThat(Masks.get(new Add().apply(List.of(Tensor.ones(1, 3, 2), Tensor.ones(1, 3, 2))))).isNull();
        // a custom layer opts in with supportsMasking(true)
        Layer custom = new Activation("relu").supportsMasking(false);
        assertThat(Masks.get(custom.apply(e))).isNull();
    }

    @Test
    void aLayerThatDropsAMaskWarnsOnceAsKeras() {
        Tensor e = new Embedding(5, 2).maskZero(true).apply(Tensor.of(new double[][] {{3, 0}}));
        Flatten flatten = new Flatten().name("flat_for_warning");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            flatten.apply(e);
            flatten.apply(e);
            new Dense(2).apply(e); // passes the mask on: no warning
        } finally {
            System.setErr(old);
        }
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.contains("Layer 'flat_for_warning' "
                + "(of type Flatten) was passed an input with a mask attached to it. However, this layer does not support masking"
                + " and will therefore destroy the mask information."))).hasSize(1);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("type Dense");
    }

    /** One unit, one feature LSTM with weights k, r, b (gates i, f, c, o). */
    private static LSTM scalarLstm() {
        LSTM lstm = new LSTM(1).returnSequences(true);
        lstm.buildFor(1, 3, 1);
        lstm.setWeights(List.of(Tensor.of(new double[][] {{0.5, -0.3, 0.8, 0.2}}), Tensor.of(new double[][] {{0.1, 0.4, -0.6, 0.3}}),
                Tensor.of(new double[] {0.05, 1.0, -0.1, 0.2})));
        return lstm;
    }

    private static double[] lstmStep(double x, double h, double c) {
        double[] k = {0.5, -0.3, 0.8, 0.2}, r = {0.1, 0.4, -0.6, 0.3}, b = {0.05, 1.0, -0.1, 0.2};
        double zi = x * k[0] + h * r[0] + b[0], zf = x * k[1] + h * r[1] + b[1];
        double zc = x * k[2] + h * r[2] + b[2], zo = x * k[3] + h * r[3] + b[3];
        double cNew = RecurrentLayersTest.sigmoid(zf) * c + RecurrentLayersTest.sigmoid(zi) * Math.tanh(zc);
        return new double[] {RecurrentLayersTest.sigmoid(zo) * Math.tanh(cNew), cNew};
    }

    @Test
    void lstmMaskedStepsCarryStateAndOutputForward() {
        Tensor x = Tensor.of(new float[] {1, -2, 0.5f}, 1, 3, 1);
        Tensor mask = Tensor.of(new double[][] {{1, 0, 1}});
        double[] s1 = lstmStep(1, 0, 0), s3 = lstmStep(0.5, s1[0], s1[1]);
        assertValues(scalarLstm().apply(x, mask, false), new double[] {s1[0], s1[0], s3[0]}, 1e-6);
        // the same through a mask attached to the input
        assertValues(scalarLstm().apply(Masks.set(Tensor.of(new float[] {1, -2, 0.5f}, 1, 3, 1), mask)),
                new double[] {s1[0], s1[0], s3[0]}, 1e-6);
        assertValues(scalarLstm().zeroOutputForMask(true).apply(x, mask, false), new double[] {s1[0], 0, s3[0]}, 1e-6);
        List<Tensor> states = scalarLstm().returnSequences(false).applyWithStates(x, null, Tensor.of(new double[][] {{1, 1, 0}}), false);
        double[] s2 = lstmStep(-2, s1[0], s1[1]);
        assertValues(states.get(0), new double[] {s2[0]}, 1e-6);
        assertValues(states.get(2), new double[] {s2[1]}, 1e-6);
        // a fully masked row keeps the initial (zero) states
        assertValues(scalarLstm().apply(x, Tensor.zeros(1, 3), false), new double[] {0, 0, 0}, 0);
    }

    /** h after running the scalar LSTM over xs from zero states. */
    private static double lstmByHand(double... xs) {
        double[] hc = {0, 0};
        for (double x : xs) hc = lstmStep(x, hc[0], hc[1]);
        return hc[0];
    }

    @Test
    void embeddingMaskZeroThenLstmGruBidirectionalThenDenseByHand() {
        // one-dimensional embeddings: id 1 -> 0.5, 2 -> -1, 3 -> 2 (0 is padding)
        Tensor ids = Tensor.of(new double[][] {{2, 1, 0}, {3, 0, 0}});
        Tensor table = Tensor.of(new double[][] {{0}, {0.5}, {-1}, {2}});
        Embedding emb = new Embedding(4, 1).maskZero(true);
        Dense dense = new Dense(1);
        Sequential lstmModel = new Sequential(List.of(Input.of(3), emb, scalarLstm().returnSequences(false), dense));
        emb.embeddings().assign(table);
        dense.setWeights(List.of(Tensor.of(new double[][] {{1.5}}), Tensor.of(new double[] {-0.2})));
        assertValues(lstmModel.predict(ids), new double[] {1.5 * lstmByHand(-1, 0.5) - 0.2, 1.5 * lstmByHand(2) - 0.2}, 1e-6);

        double[] k = {0.5, -0.3, 0.8}, u = {0.1, 0.4, -0.6}, bIn = {0.05, -0.2, 0.1}, bRec = {0.3, 0.15, -0.25};
        GRU gru = new GRU(1);
        Embedding emb2 = new Embedding(4, 1).maskZero(true);
        Sequential gruModel = new Sequential(List.of(Input.of(3), emb2, gru));
        emb2.embeddings().assign(table);
        gru.setWeights(List.of(Tensor.of(new double[][] {k}), Tensor.of(new double[][] {u}), Tensor.of(new double[][] {bIn, bRec})));
        double[] r0 = RecurrentLayersTest.gruByHand(new double[] {-1, 0.5}, k, u, bIn, bRec, true);
        double[] r1 = RecurrentLayersTest.gruByHand(new double[] {2}, k, u, bIn, bRec, true);
        assertValues(gruModel.predict(ids), new double[] {r0[1], r1[0]}, 1e-6);

        // Bidirectional: the backward LSTM reads each row's real tokens from the last one; concat then Dense
        Embedding emb3 = new Embedding(4, 1).maskZero(true);
        Bidirectional bi = new Bidirectional(scalarLstm().returnSequences(false));
        Dense head = new Dense(1);
        Sequential biModel = new Sequential(List.of(Input.of(3), emb3, bi, head));
        emb3.embeddings().assign(table);
        List<Tensor> lstmWeights = scalarLstm().getWeights();
        List<Tensor> both = new java.util.ArrayList<>(lstmWeights);
        both.addAll(lstmWeights);
        bi.setWeights(both);
        head.setWeights(List.of(Tensor.of(new double[][] {{1}, {-2}}), Tensor.of(new double[] {0.1})));
        assertValues(biModel.predict(ids), new double[] {lstmByHand(-1, 0.5) - 2 * lstmByHand(0.5, -1) + 0.1,
                lstmByHand(2) - 2 * lstmByHand(2) + 0.1}, 1e-6);
    }

    @Test
    void paddedSequencesGiveTheUnpaddedResultThroughEmbeddingRnnDense() {
        Tensor padded = Tensor.of(new double[][] {{3, 5, 2, 0, 0}, {4, 1, 0, 0, 0}});
        for (String kind : List.of("lstm", "gru", "simple_rnn", "gru_backwards")) {
            Embedding emb = new Embedding(6, 3).maskZero(true).embeddingsInitializer("random_normal");
            BaseRNN<?, ?> rnn = switch (kind) {
                case "lstm" -> new LSTM(4);
                case "gru" -> new GRU(4);
                case "gru_backwards" -> new GRU(4).goBackwards(true);
                default -> new SimpleRNN(4);
            };
            Dense dense = new Dense(2);
            Sequential model = new Sequential(List.of(Input.of(5), emb, rnn, dense));
            Tensor out = model.predict(padded);
            // each row alone, without its padding, through the same layers and no mask
            Tensor row0 = dense.apply(rnn.apply(emb.apply(Tensor.of(new double[][] {{3, 5, 2}})), Tensor.ones(1, 3), false));
            Tensor row1 = dense.apply(rnn.apply(emb.apply(Tensor.of(new double[][] {{4, 1}})), Tensor.ones(1, 2), false));
            float[] o = out.toFloatArray(), r0 = row0.toFloatArray(), r1 = row1.toFloatArray();
            for (int j = 0; j < 2; j++) {
                assertThat((double) o[j]).as(kind).isCloseTo(r0[j], within(1e-6));
                assertThat((double) o[2 + j]).as(kind).isCloseTo(r1[j], within(1e-6));
            }
            // without the mask the padding changes the result
            Tensor unmasked = dense.apply(rnn.apply(emb.apply(padded), Tensor.ones(2, 5), false));
            assertThat(unmasked.allClose(out, 1e-4, 1e-4)).as(kind).isFalse();
        }
    }

    @Test
    void theOutputMaskWeightsTheLossAndMeanMetricsInEvaluateAndFit() {
        // per-timestep regression on embedded ids; index 0 is padding and must not count
        Tensor ids = Tensor.of(new double[][] {{1, 2, 0, 0}, {3, 0, 0, 0}});
        // the padded targets disagree (9, -9): without the mask no model could fit them
        Tensor y = Tensor.of(new double[][][] {{{0.5}, {-1}, {9}, {-9}}, {{2}, {9}, {-9}, {9}}});
        Embedding emb = new Embedding(4, 2).maskZero(true).embeddingsInitializer("random_normal");
        KerasTensor in = Input.of(4);
        Model functional = Model.of(in, new Dense(1).apply(emb.apply(in)));
        Sequential sequential = new Sequential(List.of(Input.of(4), new Embedding(4, 2).maskZero(true)
                .embeddingsInitializer("random_normal"), new Dense(1)));
        for (Model model : List.of(functional, sequential)) {
            model.compile("sgd", "mse", List.of("mae"));
            float[] p = model.predict(ids).toFloatArray(), t = y.toFloatArray();
            int[] valid = {0, 1, 4};
            double se = 0, ae = 0;
            for (int i : valid) {
                se += (p[i] - t[i]) * (p[i] - t[i]);
                ae += Math.abs(p[i] - t[i]);
            }
            Map<String, Double> logs = model.evaluate(ids, y, new EvaluateOptions().verbose(0));
            assertThat(logs.get("loss")).isCloseTo(se / 3, within(1e-5));
            assertThat(logs.get("mae")).isCloseTo(ae / 3, within(1e-5));
            // with per-sample weights (shape (2, 1), which broadcasts over the steps as in Keras) the mask multiplies them
            Map<String, Double> weighted = model.evaluate(List.of(ids), List.of(y), new EvaluateOptions().verbose(0)
                    .sampleWeight(Tensor.of(new double[][] {{2}, {0}})));
            double se0 = 0;
            for (int i : new int[] {0, 1}) se0 += (p[i] - t[i]) * (p[i] - t[i]);
            // sum_over_batch_size: sum(w·mask·total/valid·values) / total = 2·se0 / 3
            assertThat(weighted.get("loss")).isCloseTo(2 * se0 / 3, within(1e-5));
        }
        // fit trains on the valid steps only: the padded targets (9) never pull the predictions
        Sequential m = new Sequential(List.of(Input.of(4), new Embedding(4, 2).maskZero(true), new Dense(1)));
        m.compile(new dev.gradus.optimizers.Adam(0.1), "mse");
        m.fit(ids, y, new dev.gradus.training.FitOptions().epochs(150).batchSize(2).verbose(0));
        assertThat(m.evaluate(ids, y, new EvaluateOptions().verbose(0)).get("loss")).isLessThan(1e-3);
    }
}
