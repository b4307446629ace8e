package dev.gradus.saving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.activations.Activations;
import dev.gradus.autodiff.Variable;
import dev.gradus.initializers.Initializers;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.layers.Layer;
import dev.gradus.layers.Layers;
import dev.gradus.losses.Loss;
import dev.gradus.losses.Losses;
import dev.gradus.metrics.MeanMetricWrapper;
import dev.gradus.metrics.Metrics;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.CompileOptions;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.util.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's layer, loss, metric and activation, registered under names, are saved by those names and rebuilt on load. */
class CustomObjectsTest {
    @TempDir
    Path dir;

    /** A per-feature learned scale. */
    static final class Scale extends Layer {
        private Variable scale;

        @Override
        protected void build(int[] inputShape) {
            scale = addWeight("scale", new int[] {inputShape[inputShape.length - 1]}, Initializers.get("ones"));
        }

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return Ops.mul(inputs, scale.value());
        }

        static Scale fromConfig(Map<String, Object> config) {
            Config.Reader r = Config.read("Scale", config);
            Scale s = readBase(new Scale(), r);
            r.done();
            return s;
        }
    }

    /** Twice the mean squared error. */
    static final class DoubleMse extends Loss {
        DoubleMse() {
            super("double_mse");
        }

        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            Tensor d = Ops.sub(yPred, yTrue);
            return Ops.mul(Ops.mean(Ops.mul(d, d), -1), Tensor.scalar(2));
        }

        static DoubleMse fromConfig(Map<String, Object> config) {
            return fromBaseConfig(new DoubleMse(), config, Config.read("DoubleMse", config));
        }
    }

    /** The largest absolute error per sample. */
    static final class MaxError extends MeanMetricWrapper {
        MaxError() {
            super("max_error");
        }

        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            return Ops.max(Ops.abs(Ops.sub(yPred, yTrue)), -1);
        }
    }

    @BeforeAll
    static void register() {
        Layers.register("custom_objects_test>Scale", Scale.class, Scale::fromConfig);
        Losses.register("custom_objects_test>DoubleMse", DoubleMse.class, DoubleMse::fromConfig);
        Metrics.register("MaxError", config -> new MaxError());
        Activations.register("cube", x -> Ops.mul(x, Ops.mul(x, x)));
    }

    static final Tensor X = Tensor.randomNormal(3, 16, 3);
    static final Tensor Y = Tensor.randomNormal(4, 16, 2);

    private Path saved() {
        Sequential m = new Sequential(List.of(Input.of(3), new Scale(), new Dense(2).activation("cube")));
        m.compile(new CompileOptions().optimizer("sgd").loss(new DoubleMse()).metrics(new MaxError()));
        m.fit(X, Y, new FitOptions().epochs(1).batchSize(8).verbose(0));
        Path file = dir.resolve("custom.keras");
        m.save(file);
        return file;
    }

    @Test
    void registeredObjectsAreWrittenByNameAndRebuilt() {
        Path file = saved();
        String config = ArchiveFiles.text(file, "config.json");
        assertThat(config).contains("\"registered_name\":\"custom_objects_test>Scale\"").contains("\"registered_name\":\"custom_objects_test>DoubleMse\"")
                .contains("\"class_name\":\"MaxError\"").contains("\"activation\":\"cube\"");
        Model back = Models.load(file);
        assertThat(back.layers().get(0)).isInstanceOf(Scale.class);
        Map<String, Double> ev = back.evaluate(X, Y, new EvaluateOptions().verbose(0));
        assertThat(ev.keySet()).containsExactly("loss", "max_error");
        Tensor pred = back.predict(X);
        Tensor d = Ops.sub(pred, Y);
        // the cube activation makes values of any size (up to 1e21 seen): compare relatively
        double expected = 2 * Ops.mean(Ops.mul(d, d)).toFloatArray()[0];
        assertThat(ev.get("loss")).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5 * Math.max(1, Math.abs(expected))));
        float[] w = back.layers().get(1).getWeights().get(0).toFloatArray();
        float[] h = Ops.matmul(Ops.mul(X, back.layers().get(0).getWeights().get(0)), back.layers().get(1).getWeights().get(0))
                .add(back.layers().get(1).getWeights().get(1)).toFloatArray();
        float[] p = pred.toFloatArray();
        for (int i = 0; i < p.length; i++) {
            float cube = h[i] * h[i] * h[i];
            assertThat(p[i]).isCloseTo(cube, org.assertj.core.api.Assertions.within(1e-4f * Math.max(1, Math.abs(cube))));
        }
        assertThat(w).isNotEmpty();
    }

    @Test
    void anUnregisteredNameFailsSayingHowToRegister() {
        Path file = saved();
        Map<String, String> renames = Map.of("Scale", "Scalx", "DoubleMse", "DoubleMsx", "MaxError", "MaxErrox", "\"cube\"", "\"cubx\"");
        for (Map.Entry<String, String> r : renames.entrySet()) {
            Map<String, byte[]> members = new LinkedHashMap<>(ArchiveFiles.members(file));
            members.put("config.json", ArchiveFiles.text(file, "config.json").replace(r.getKey(), r.getValue())
                    .getBytes(StandardCharsets.UTF_8));
            Path bad = ArchiveFiles.write(dir.resolve("bad.keras"), ArchiveFiles.zip(members));
            assertThatThrownBy(() -> Models.load(bad)).as(r.getKey()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(r.getValue().replace("\"", "")).hasMessageContaining(".register(");
        }
    }
}
