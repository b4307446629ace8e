package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.Gradus;
import dev.gradus.autodiff.Variable;
import dev.gradus.callbacks.Callback;
import dev.gradus.callbacks.EarlyStopping;
import dev.gradus.callbacks.History;
import dev.gradus.callbacks.Logs;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.layers.Layer;
import dev.gradus.losses.BinaryCrossentropy;
import dev.gradus.losses.FluentLoss;
import dev.gradus.losses.Huber;
import dev.gradus.losses.Loss;
import dev.gradus.losses.Reduction;
import dev.gradus.metrics.AUC;
import dev.gradus.metrics.Metric;
import dev.gradus.metrics.Metrics;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.Adam;
import dev.gradus.optimizers.SGD;
import dev.gradus.optimizers.schedules.ExponentialDecay;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import dev.gradus.training.Shuffle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #20's thirteen cases, each written the way a Keras user writes it in Java, with no cast:
 * this file compiling is half of each test, the assertions are the other half.
 */
class ThirteenCasesTest {
    static final Tensor X = Tensor.of(new float[][] {{0}, {1}, {2}, {3}});
    static final Tensor Y = X.mul(2).add(1);

    static Sequential line() {
        return new Sequential(List.of(Input.of(1), new Dense(1)));
    }

    /** 1. A lambda loss, a lambda metric and a lambda activation, straight into compile and the layer. */
    @Test
    void case01LambdasNeedNoCast() {
        Sequential m = new Sequential(List.of(Input.of(1), new Dense(1).activation(x -> Ops.multiply(x, 1))));
        m.compile("sgd", (yTrue, yPred) -> Ops.mean(Ops.square(Ops.subtract(yTrue, yPred)), -1),
                List.of(Metrics.get((yTrue, yPred) -> Ops.abs(Ops.subtract(yTrue, yPred)))));
        assertThat(m.evaluate(X, Y)).containsKey("loss");
        // two strings still compile; the mistake is named at once
        assertThatThrownBy(() -> line().compile("mse", "sgd")).hasMessageContaining("'mse' is a loss")
                .hasMessageContaining("compile(\"adam\", \"mse\")");
    }

    /** 2. Setters chain and keep the class's own type. */
    @Test
    void case02SettersReturnTheirOwnType() {
        BinaryCrossentropy b = new BinaryCrossentropy().reduction("sum").name("bce").fromLogits(true);
        AUC auc = new AUC().name("auc").numThresholds(50);
        Adam adam = new Adam(1e-3).clipnorm(1.0).amsgrad(true);
        assertThat(b.getConfig()).containsEntry("reduction", "sum").containsEntry("from_logits", true);
        assertThat(auc.name()).isEqualTo("auc");
        assertThat(adam.getConfig()).containsEntry("amsgrad", true);
    }

    /** 3. A schedule in the optimizer's constructor. */
    @Test
    void case03AScheduleInTheConstructor() {
        SGD sgd = new SGD(new ExponentialDecay(0.1, 10, 0.5));
        assertThat(sgd.learningRate()).isCloseTo(0.1, within(1e-9));
    }

    /** 4. A Metric subclass: no-argument constructor, add_weight with an initializer name. */
    static class CountAbove extends Metric {
        final Variable count = addWeight("count", "zeros");

        @Override
        public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
            count.assign(count.value().add(Ops.sum(Ops.greater(yPred, 0.5))));
        }

        @Override
        public Tensor result() {
            return count.value();
        }
    }

    @Test
    void case04AMetricSubclassReadsAsKeras() {
        Gradus.clearSession();
        CountAbove m = new CountAbove();
        m.updateState(X, X, null);
        assertThat(m.name()).isEqualTo("count_above");
        assertThat(m.result().item()).isEqualTo(3f);
    }

    /** 5. A subclassed model: weights from addWeight("zeros") train, a stray Variable field is refused, build is public. */
    static class Affine extends Model {
        final Variable a = addWeight("a", new int[] {1}, "zeros");
        final Variable b = addWeight("b", new int[] {1}, "zeros");

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return inputs.mul(a.value()).add(b.value());
        }
    }

    static class Stray extends Model {
        final Variable w = new Variable(Tensor.zeros(1), "w");

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return inputs.mul(w.value());
        }
    }

    @Test
    void case05ASubclassedModelsOwnState() {
        Affine m = new Affine();
        m.compile(new SGD(0.05), "mse");
        m.fit(X, Y, new FitOptions().epochs(400).batchSize(4).verbose(0));
        assertThat(m.a.value().item()).isCloseTo(2f, within(1e-2f));
        assertThatThrownBy(() -> new Stray().compile(new SGD(0.1), "mse")).hasMessageContaining("field 'w'");
        Dense d = new Dense(3);
        d.build(null, 4);
        assertThat(d.weights()).hasSize(2);
    }

    /** 6. keras.ops's names and scalar forms. */
    @Test
    void case06KerasOpsNames() {
        Tensor t = Tensor.of(new float[] {1, 2, 3});
        assertThat(Ops.divide(Ops.multiply(Ops.subtract(t, 1), 2), 2).toFloatArray()).containsExactly(0, 1, 2);
        assertThat(Ops.fullLike(t, 7).toFloatArray()).containsExactly(7, 7, 7);
        assertThat(Ops.equal(t, 2).toFloatArray()).containsExactly(0, 1, 0);
        assertThat(Ops.where(Ops.greater(t, 1), t, 0).toFloatArray()).containsExactly(0, 2, 3);
        assertThat(Ops.add(Ops.onesLike(t), Ops.zerosLike(t)).toFloatArray()).containsExactly(1, 1, 1);
    }

    /** 7. clear_session: automatic names start again, so history keys repeat between runs. */
    @Test
    void case07ClearSessionRestartsNames() {
        Gradus.clearSession();
        String first = new Dense(1).name();
        Gradus.clearSession();
        assertThat(new Dense(1).name()).isEqualTo(first).isEqualTo("dense");
    }

    /** 8. custom_objects at load, without a global registration. */
    public static class Doubled extends FluentLoss<Doubled> {
        public static Doubled fromConfig(Map<String, Object> config) {
            return new Doubled();
        }

        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            return Ops.multiply(Ops.mean(Ops.square(Ops.subtract(yTrue, yPred)), -1), 2);
        }
    }

    @Test
    void case08CustomObjectsAtLoad(@TempDir Path dir) {
        Sequential m = line();
        m.compile(new SGD(0.01), new Doubled());
        m.save(dir.resolve("m.keras"));
        Model back = Models.load(dir.resolve("m.keras"), Map.of("Doubled", Doubled.class));
        assertThat(back.evaluate(X, Y).get("loss")).isEqualTo(m.evaluate(X, Y).get("loss"));
    }

    /** 9. An empty name falls back to the default, as Keras. */
    @Test
    void case09AnEmptyNameIsTheDefault() {
        Gradus.clearSession();
        assertThat(new Dense(2).name("").name()).isEqualTo("dense");
        // Keras: name or auto_name(class name), so an empty name is "huber", not the argument's default "huber_loss"
        assertThat(new Huber().name("").name()).isEqualTo("huber");
    }

    /** 10. A loss subclass writes values (Keras's call); call itself is the reduced entry point. */
    static class Absolute extends Loss {
        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            return Ops.mean(Ops.abs(Ops.subtract(yTrue, yPred)), -1);
        }
    }

    @Test
    void case10ALossSubclassWritesValues() throws Exception {
        Loss l = new Absolute().reduction(Reduction.SUM);
        assertThat(l.call(X, Tensor.zeros(4, 1)).item()).isEqualTo(6f);
        assertThat(java.lang.reflect.Modifier.isFinal(Loss.class.getMethod("call", Tensor.class, Tensor.class).getModifiers())).isTrue();
    }

    /** 11. Typed logs in a callback, and enums for closed sets of strings. */
    @Test
    void case11TypedLogsAndEnums() {
        List<Double> seen = new ArrayList<>();
        Sequential m = line();
        m.compile(new SGD(0.01), "mse");
        m.fit(X, Y, new FitOptions().epochs(2).verbose(0).shuffle(Shuffle.BATCH).callbacks(List.of(new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Object> logs) {
                seen.add(Logs.of(logs).getDouble("loss"));
            }
        })));
        assertThat(seen).hasSize(2).allMatch(v -> v > 0);
    }

    /** 12. Layers compare by identity; configEquals compares configs. */
    @Test
    void case12LayersCompareByIdentity() {
        Layer a = new Dense(2).name("d"), b = new Dense(2).name("d");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.configEquals(b)).isTrue();
    }

    /** 13. Warnings go through SLF4J (the test provider prints WARN lines on standard error). */
    @Test
    void case13WarningsThroughSlf4j() {
        ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        PrintStream oldErr = System.err, oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Sequential m = line();
            m.compile(new SGD(0.01), "mse");
            History h = m.fit(X, Y, new FitOptions().epochs(1).verbose(0).callbacks(List.of(new EarlyStopping())));
            assertThat(h.epochs()).hasSize(1);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("WARN dev.gradus.callbacks.EarlyStopping - ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
