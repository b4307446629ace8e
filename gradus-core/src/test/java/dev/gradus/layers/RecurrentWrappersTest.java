package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Variable;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bidirectional and TimeDistributed against their definitions, finite differences, Keras's configs and counts. */
class RecurrentWrappersTest {
    /** The layers' initializers draw from the global seed: the same weights at every run. */
    @org.junit.jupiter.api.BeforeEach
    void seed() {
        dev.gradus.Gradus.setRandomSeed(1234);
    }


    private static Tensor reversed(Tensor x) {
        List<Tensor> steps = new ArrayList<>();
        for (int t = x.dim(1) - 1; t >= 0; t--) steps.add(Ops.slice(x, 1, t, t + 1));
        return Ops.concat(steps, 1);
    }

    @Test
    void bidirectionalMergesTheForwardRunAndTheTimeReversedBackwardRun() {
        Tensor x = Tensor.randomNormal(3, 2, 4, 3);
        for (String mode : new String[] {"concat", "sum", "mul", "ave"}) {
            Bidirectional bi = new Bidirectional(new LSTM(2).returnSequences(true).biasInitializer("random_normal")).mergeMode(mode);
            Tensor out = bi.apply(x);
            Tensor f = bi.forwardLayer().apply(x), b = reversed(bi.backwardLayer().apply(x));
            // the backward layer goes backwards: the same as the forward-going layer on the reversed input
            assertThat(bi.backwardLayer().goBackwards()).isTrue();
            Tensor expected = switch (mode) {
                case "concat" -> Ops.concat(List.of(f, b), -1);
                case "sum" -> Ops.add(f, b);
                case "mul" -> Ops.mul(f, b);
                default -> Ops.div(Ops.add(f, b), 2);
            };
            assertThat(out.shape().dims()).containsExactly(2, 4, mode.equals("concat") ? 4 : 2);
            assertThat(out.allClose(expected, 1e-6, 1e-6)).as(mode).isTrue();
        }
        // merge_mode None and return_state: several outputs through applyAll
        Bidirectional none = new Bidirectional(new GRU(2)).mergeMode((String) null);
        List<Tensor> both = none.applyAll(x, null, false);
        assertThat(both).hasSize(2);
        assertThat(both.get(0).allClose(none.forwardLayer().apply(x), 0, 0)).isTrue();
        assertThat(both.get(1).allClose(none.backwardLayer().apply(x), 0, 0)).isTrue();
        assertThatThrownBy(() -> none.apply(x)).hasMessageContaining("returns 2 tensors").hasMessageContaining("applyAll");
        assertThat(none.applyAll(x, false).get(1).allClose(both.get(1), 0, 0)).isTrue();
        Bidirectional noneBack = (Bidirectional) roundTrip(none);
        assertThat(noneBack.mergeMode()).isNull();
        Bidirectional states = new Bidirectional(new LSTM(2).returnState(true));
        List<Tensor> all = states.applyAll(x, null, false);
        assertThat(all).hasSize(5); // output, forward h, c, backward h, c
        assertThat(all.get(0).shape().dims()).containsExactly(2, 4);
        assertThat(all.get(1).allClose(Ops.slice(all.get(0), 1, 0, 2), 0, 0)).isTrue();
        assertThat(all.get(3).allClose(Ops.slice(all.get(0), 1, 2, 4), 0, 0)).isTrue();
    }

    @Test
    void bidirectionalNamesCountsAndConfigAreKeras() {
        LSTM lstm = new LSTM(64).name("lstm");
        Bidirectional bi = new Bidirectional(lstm);
        Sequential m = new Sequential(List.of(Input.of(10, 32), bi));
        // Keras: Bidirectional(LSTM(64)) on 32 features has 2 * 4 * (32*64 + 64*64 + 64) = 49664 parameters
        assertThat(m.countParams()).isEqualTo(49_664);
        assertThat(bi.forwardLayer().name()).isEqualTo("forward_lstm");
        assertThat(bi.backwardLayer().name()).isEqualTo("backward_lstm");
        assertThat(bi.weights()).extracting(Variable::name).startsWith("lstm_cell/kernel");
        assertThat(bi.weights()).hasSize(6);
        assertThat(bi.getConfig().keySet()).containsExactly("name", "trainable", "dtype", "merge_mode", "layer", "backward_layer");
        @SuppressWarnings("unchecked") Map<String, Object> back = (Map<String, Object>) ((Map<String, Object>) bi.getConfig()
                .get("backward_layer")).get("config");
        assertThat(back).containsEntry("go_backwards", true).containsEntry("name", "backward_lstm");
        Bidirectional copy = (Bidirectional) roundTrip(new Bidirectional(new GRU(3).returnSequences(true)).mergeMode(MergeMode.SUM));
        assertThat(copy.forwardLayer()).isInstanceOf(GRU.class);
        // a given backward layer must go backwards and match the forward one's flags
        assertThatThrownBy(() -> new Bidirectional(new LSTM(2), new LSTM(2))).hasMessageContaining("different go_backwards");
        assertThatThrownBy(() -> new Bidirectional(new LSTM(2), new GRU(2).goBackwards(true).returnSequences(true)))
                .hasMessageContaining("same return_sequences, return_state and stateful");
        assertThatThrownBy(() -> new Bidirectional(new LSTM(2)).mergeMode("max")).hasMessageContaining("merge_mode");
        Bidirectional custom = new Bidirectional(new LSTM(2), new SimpleRNN(2).goBackwards(true));
        assertThat(custom.backwardLayer()).isInstanceOf(SimpleRNN.class);
    }

    @Test
    void bidirectionalGradientsMatchFiniteDifferences() {
        Bidirectional bi = new Bidirectional(new SimpleRNN(2).returnSequences(true).biasInitializer("random_normal"));
        bi.buildFor(2, 3, 2);
        GradCheck.check1(bi::apply, Tensor.randomNormal(4, 2, 3, 2));
        RecurrentLayersTest.checkWeightGradients(bi, bi::apply, Tensor.randomNormal(5, 2, 3, 2));
    }

    @Test
    void maskedBidirectionalLstmGivesTheUnpaddedResult() {
        Embedding emb = new Embedding(7, 3).maskZero(true).embeddingsInitializer("random_normal");
        Bidirectional bi = new Bidirectional(new LSTM(3).biasInitializer("random_normal"));
        Dense dense = new Dense(1);
        Sequential m = new Sequential(List.of(Input.of(6), emb, bi, dense));
        Tensor out = m.predict(Tensor.of(new double[][] {{2, 6, 1, 0, 0, 0}, {5, 0, 0, 0, 0, 0}}));
        Tensor r0 = dense.apply(bi.apply(emb.apply(Tensor.of(new double[][] {{2, 6, 1}})), Tensor.ones(1, 3), false));
        Tensor r1 = dense.apply(bi.apply(emb.apply(Tensor.of(new double[][] {{5}})), Tensor.ones(1, 1), false));
        assertThat((double) out.toFloatArray()[0]).isCloseTo(r0.item(), within(1e-6));
        assertThat((double) out.toFloatArray()[1]).isCloseTo(r1.item(), within(1e-6));
        // with return_sequences the masked steps output zeros (Keras forces zero_output_for_mask)
        Bidirectional seq = new Bidirectional(new GRU(2).returnSequences(true));
        Tensor s = seq.apply(emb.apply(Tensor.of(new double[][] {{2, 0, 0}})));
        assertValues(Ops.slice(s, 1, 1, 3), new double[8], 0);
    }

    @Test
    void timeDistributedAppliesTheLayerToEveryStep() {
        Dense dense = new Dense(3).biasInitializer("random_normal");
        TimeDistributed td = new TimeDistributed(dense);
        Tensor x = Tensor.randomNormal(2, 2, 4, 5);
        Tensor out = td.apply(x);
        assertThat(out.shape().dims()).containsExactly(2, 4, 3);
        for (int t = 0; t < 4; t++) {
            Tensor step = dense.apply(Ops.reshape(Ops.slice(x, 1, t, t + 1), 2, 5));
            assertThat(Ops.reshape(Ops.slice(out, 1, t, t + 1), 2, 3).allClose(step, 1e-6, 1e-6)).isTrue();
        }
        assertThat(dense.builtInputShapes().get(0)).containsExactly(2, 5);
        Sequential m = new Sequential(List.of(Input.of(7, 5), new TimeDistributed(new Dense(8))));
        assertThat(m.countParams()).isEqualTo(48);
        assertThat(m.getLayer(0).computeOutputShape(new int[] {Layer.NONE, 7, 5})).containsExactly(Layer.NONE, 7, 8);
        TimeDistributed copy = (TimeDistributed) roundTrip(new TimeDistributed(new Dense(2).activation("relu")));
        assertThat(copy.layer()).isInstanceOf(Dense.class);
        assertThat(copy.namedSublayers()).containsEntry("layer", copy.layer());
        GradCheck.check1(td::apply, Tensor.randomNormal(3, 2, 4, 5));
        RecurrentLayersTest.checkWeightGradients(td, td::apply, Tensor.randomNormal(4, 2, 4, 5));
        assertThatThrownBy(() -> new TimeDistributed(new Dense(2)).apply(Tensor.zeros(2, 3))).hasMessageContaining("min_ndim=3");
    }
}
