package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.Gradus;
import dev.gradus.callbacks.History;
import dev.gradus.data.Batch;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.layers.KerasTensor;
import dev.gradus.layers.Layers;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import dev.gradus.training.PredictOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functional-model subclassing (issue #19): Keras's {@code class M(keras.Model)} built as
 * {@code M(inputs, outputs)} is {@code class M extends Functional} calling {@code super(inputs, outputs)}.
 */
class FunctionalSubclassTest {

    /** The shape of a user's class: the (inputs, outputs) constructor and the one-line fromConfig. */
    public static class MyModel extends Functional {
        MyModel(KerasTensor inputs, KerasTensor outputs) {
            super(inputs, outputs);
        }

        public static MyModel fromConfig(Map<String, Object> config) {
            return Functional.fromConfig(config, MyModel.class);
        }
    }

    /** A subclass that overrides the train step (Keras's custom train_step on a functional model). */
    static class CountingModel extends Functional {
        int steps;

        CountingModel(List<KerasTensor> inputs, Map<String, KerasTensor> outputs) {
            super(inputs, outputs);
        }

        @Override
        public Map<String, Object> trainStep(Batch data) {
            steps++;
            return super.trainStep(data);
        }
    }

    static KerasTensor[] graph() {
        KerasTensor in = Input.of("features", 4);
        KerasTensor h = new Dense(6).activation("tanh").kernelInitializer(new GlorotUniform().seed(1)).apply(in);
        KerasTensor out = new Dense(2).kernelInitializer(new GlorotUniform().seed(2)).name("scores").apply(h);
        return new KerasTensor[] {in, out};
    }

    static final Tensor X = Tensor.randomUniform(3, 20, 4);
    static final Tensor Y = Tensor.randomUniform(4, 20, 2);

    static List<float[]> trained(Model m) {
        m.compile("adam", "mse");
        m.fit(X, Y, new FitOptions().epochs(3).batchSize(8).verbose(0).seed(5));
        List<float[]> out = new ArrayList<>();
        for (Tensor t : m.getWeights()) out.add(t.toFloatArray());
        return out;
    }

    @Test
    void aSubclassIsAFunctionalModelWithTheSameNumbers() {
        Gradus.clearSession();
        KerasTensor[] g = graph();
        MyModel mine = new MyModel(g[0], g[1]);
        assertThat(mine.name()).isEqualTo("my_model");
        assertThat(mine.summary()).startsWith("Model: \"my_model\"").contains("features (InputLayer)").contains("scores (Dense)");
        assertThat(mine.summary()).contains("Total params: 44");
        KerasTensor[] h = graph();
        Model plain = Model.of(h[0], h[1]);
        List<float[]> a = trained(mine), b = trained(plain);
        for (int i = 0; i < a.size(); i++) assertThat(a.get(i)).as("weight " + i).isEqualTo(b.get(i));
        // Keras's get_config of a class with a functional-like constructor is the functional config
        Map<String, Object> ca = mine.getConfig(), cb = plain.getConfig();
        assertThat(ca.keySet()).containsExactly("name", "trainable", "layers", "input_layers", "output_layers");
        assertThat(ca.get("input_layers")).isEqualTo(cb.get("input_layers"));
        assertThat(ca.get("output_layers")).isEqualTo(cb.get("output_layers"));
        MyModel back = Functional.fromConfig(ca, MyModel.class);
        assertThat(back).isInstanceOf(MyModel.class);
        assertThat(back.name()).isEqualTo("my_model");
        assertThat(back.countParams()).isEqualTo(44);
    }

    @Test
    void saveAndLoadGiveTheSubclassBack(@TempDir Path dir) {
        Layers.register("FunctionalSubclassTest>MyModel", MyModel.class, MyModel::fromConfig);
        KerasTensor[] g = graph();
        MyModel m = new MyModel(g[0], g[1]);
        trained(m);
        Path file = dir.resolve("mine.keras");
        m.save(file);
        Model loaded = Models.load(file, Map.of("MyModel", MyModel.class));
        assertThat(loaded).isInstanceOf(MyModel.class);
        assertThat(loaded.name()).isEqualTo(m.name());
        assertThat(loaded.predict(X, new PredictOptions().verbose(0)).toFloatArray())
                .isEqualTo(m.predict(X, new PredictOptions().verbose(0)).toFloatArray());
        // the optimizer state came along: one more epoch gives the same weights on both
        m.fit(X, Y, new FitOptions().epochs(1).batchSize(8).verbose(0).shuffle(false));
        loaded.fit(X, Y, new FitOptions().epochs(1).batchSize(8).verbose(0).shuffle(false));
        for (int i = 0; i < m.getWeights().size(); i++)
            assertThat(loaded.getWeights().get(i).toFloatArray()).isEqualTo(m.getWeights().get(i).toFloatArray());
    }

    /** Keras's plain subclass: no fromConfig and no registration, only custom_objects at load. */
    public static class PlainModel extends Functional {
        PlainModel(KerasTensor inputs, KerasTensor outputs) {
            super(inputs, outputs);
        }
    }

    @Test
    void anUnregisteredSubclassSavesAndLoadsThroughCustomObjectsOnly(@TempDir Path dir) {
        KerasTensor[] g = graph();
        PlainModel m = new PlainModel(g[0], g[1]);
        trained(m);
        Path file = dir.resolve("plain.keras");
        m.save(file);
        assertThatThrownBy(() -> Models.load(file)).hasMessageContaining("PlainModel");
        Model loaded = Models.load(file, Map.of("PlainModel", PlainModel.class));
        assertThat(loaded).isInstanceOf(PlainModel.class);
        assertThat(loaded.predict(X, new PredictOptions().verbose(0)).toFloatArray())
                .isEqualTo(m.predict(X, new PredictOptions().verbose(0)).toFloatArray());
    }

    @Test
    void anOverriddenTrainStepRunsOnTheFunctionalGraph() {
        KerasTensor[] g = graph();
        CountingModel counting = new CountingModel(List.of(g[0]), Map.of("scores", g[1]));
        KerasTensor[] h = graph();
        Model plain = Model.of(h[0], h[1]);
        List<float[]> a = trained(counting), b = trained(plain);
        assertThat(counting.steps).isEqualTo(3 * 3);
        for (int i = 0; i < a.size(); i++) assertThat(a.get(i)).isEqualTo(b.get(i));
        // its outputs are a map: fit takes targets by name
        History hist = counting.fit(Map.of("features", X), Map.of("scores", Y), new FitOptions().epochs(1).verbose(0));
        assertThat(hist.history()).containsKey("loss");
    }

    @Test
    void fromConfigNamesTheConstructorItNeeds() {
        KerasTensor[] g = graph();
        Map<String, Object> config = Model.of(g[0], g[1]).getConfig();
        assertThatThrownBy(() -> Functional.fromConfig(config, CountingModel.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CountingModel has no (inputs, outputs) constructor")
                .hasMessageContaining("List<KerasTensor> or KerasTensor");
    }
}
