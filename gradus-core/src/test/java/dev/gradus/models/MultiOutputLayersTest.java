package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.layers.Add;
import dev.gradus.layers.Bidirectional;
import dev.gradus.layers.Concatenate;
import dev.gradus.layers.Dense;
import dev.gradus.layers.GRU;
import dev.gradus.layers.Input;
import dev.gradus.layers.KerasTensor;
import dev.gradus.layers.LSTM;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.PredictOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers that return several tensors (Keras's {@code outputs = layer(x)}; {@code outputs[i]}) inside functional models. */
class MultiOutputLayersTest {
    @TempDir
    Path dir;

    @Test
    void returnStateOutputsAreIndexableInAFunctionalGraph() {
        KerasTensor in = Input.of(5, 3);
        LSTM lstm = new LSTM(4).returnSequences(true).returnState(true);
        List<KerasTensor> outs = lstm.applyAll(in);
        assertThat(outs).hasSize(3);
        assertThat(outs.get(0).shape()).containsExactly(-1, 5, 4);
        assertThat(outs.get(1).shape()).containsExactly(-1, 4);
        assertThat(outs.get(2).index()).isEqualTo(2);
        Dense head = new Dense(2);
        KerasTensor fromH = head.apply(outs.get(1));
        KerasTensor joined = new Concatenate().applySymbolic(List.of(outs.get(1), outs.get(2)));
        Model model = Model.of(List.of(in), List.of(fromH, joined));
        assertThat(model.layers()).hasSize(4); // input, lstm (one node), dense, concatenate
        // Keras's summary lists every output shape of a layer with several
        // (wrapped in its column as rich wraps it)
        assertThat(model.summary()).contains("│ [(None, 5, 4), (None, 4), │").contains("│ (None, 4)]                │");

        Tensor x = Tensor.randomNormal(3, 2, 5, 3);
        List<Tensor> eager = lstm.applyAll(x, false);
        List<Tensor> got = model.predictAll(List.of(x), new PredictOptions().verbose(0));
        assertThat(got.get(0).allClose(head.apply(eager.get(1)), 1e-6, 1e-6)).isTrue();
        assertThat(got.get(1).allClose(Ops.concat(List.of(eager.get(1), eager.get(2)), -1), 1e-6, 1e-6)).isTrue();
        // h is the last step of the sequence output
        assertThat(eager.get(1).allClose(Ops.reshape(Ops.slice(eager.get(0), 1, 4, 5), 2, 4), 0, 0)).isTrue();

        // Keras's keras_history names the tensor index: [lstm, 0, 1] and [lstm, 0, 2]
        Map<String, Object> config = model.getConfig();
        assertThat(config.toString()).contains("keras_history=[" + lstm.name() + ", 0, 1]")
                .contains("keras_history=[" + lstm.name() + ", 0, 2]");
        Model back = Functional.fromConfig(config);
        back.setWeights(model.getWeights());
        List<Tensor> again = back.predictAll(List.of(x), new PredictOptions().verbose(0));
        assertThat(again.get(1).allClose(got.get(1), 0, 0)).isTrue();
        assertThat(back.getConfig()).isEqualTo(config);

        model.save(dir.resolve("states.keras"));
        Model loaded = Models.load(dir.resolve("states.keras"));
        assertThat(loaded.predictAll(List.of(x), new PredictOptions().verbose(0)).get(0).toFloatArray())
                .isEqualTo(got.get(0).toFloatArray());
    }

    @Test
    void bidirectionalWithoutMergeGivesBothDirections() {
        KerasTensor in = Input.of(4, 2);
        Bidirectional bi = new Bidirectional(new GRU(3)).mergeMode((String) null);
        List<KerasTensor> both = bi.applyAll(in);
        Model model = Model.of(in, new Add().applySymbolic(List.of(both.get(0), both.get(1))));
        Tensor x = Tensor.randomNormal(1, 2, 4, 2);
        Tensor sum = model.predict(x);
        Bidirectional summed = new Bidirectional(new GRU(3)).mergeMode("sum");
        summed.buildFor(2, 4, 2);
        summed.setWeights(bi.getWeights());
        assertThat(sum.allClose(summed.apply(x), 1e-6, 1e-6)).isTrue();
        Model back = Functional.fromConfig(model.getConfig());
        back.setWeights(model.getWeights());
        assertThat(back.predict(x).allClose(sum, 0, 0)).isTrue();
    }

    @Test
    void aModelWithSeveralOutputsIsALayerWithSeveralOutputs() {
        KerasTensor in = Input.of(3);
        Model inner = Model.of(List.of(in), List.of(new Dense(2).apply(in), new Dense(4).apply(in)));
        assertThat(inner.outputCount()).isEqualTo(2);
        KerasTensor outerIn = Input.of(3);
        List<KerasTensor> parts = inner.applyAll(outerIn);
        assertThat(parts.get(1).shape()).containsExactly(-1, 4);
        Model outer = Model.of(List.of(outerIn), List.of(new Concatenate().applySymbolic(List.of(parts.get(1), parts.get(0)))));
        Tensor x = Tensor.randomNormal(4, 5, 3);
        List<Tensor> direct = inner.applyAll(List.of(x), false);
        assertThat(outer.predict(x).allClose(Ops.concat(List.of(direct.get(1), direct.get(0)), -1), 1e-6, 1e-6)).isTrue();
        // Keras numbers a nested model's calls from 1: [inner, 1, 1] is its second output
        assertThat(outer.getConfig().toString()).contains("keras_history=[" + inner.name() + ", 1, 1]");
        outer.save(dir.resolve("nested.keras"));
        assertThat(Models.load(dir.resolve("nested.keras")).predict(x).toFloatArray()).isEqualTo(outer.predict(x).toFloatArray());
        assertThatThrownBy(() -> inner.apply(x)).hasMessageContaining("applyAll");
    }

    @Test
    void aLayerWithSeveralOutputsRefusesTheSingleOutputCalls() {
        LSTM lstm = new LSTM(2).returnState(true);
        assertThatThrownBy(() -> lstm.apply(Input.of(3, 2))).hasMessageContaining("returns 3 tensors").hasMessageContaining("applyAll");
        assertThatThrownBy(() -> lstm.apply(Tensor.zeros(1, 3, 2))).hasMessageContaining("applyAll");
        assertThat(new Dense(2).applyAll(Input.of(3))).hasSize(1);
    }
}
