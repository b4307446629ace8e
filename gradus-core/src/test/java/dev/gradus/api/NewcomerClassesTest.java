package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Variable;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.losses.FluentLoss;
import dev.gradus.losses.Loss;
import dev.gradus.losses.Losses;
import dev.gradus.metrics.MeanMetricWrapper;
import dev.gradus.metrics.Metric;
import dev.gradus.metrics.Metrics;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.FluentOptimizer;
import dev.gradus.optimizers.Optimizer;
import dev.gradus.optimizers.Optimizers;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import dev.gradus.util.KerasArgs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's loss, metric and optimizer: one class each (under 40 lines, as docs/design-notes.md
 * shows them) and one registration line. Their configs, {@code get} by name, training and a
 * {@code .keras} round trip all come from the declared arguments.
 */
class NewcomerClassesTest {

    /** {@code scale * mean((y_true - y_pred)^2)} over the last axis. */
    public static class ScaledSquaredError extends FluentLoss<ScaledSquaredError> {
        public static final KerasArgs<ScaledSquaredError> ARGS = KerasArgs.of(ScaledSquaredError.class, ScaledSquaredError::new)
                .real("scale", ScaledSquaredError::scale, ScaledSquaredError::scale);

        private double scale = 1.0;

        public ScaledSquaredError scale(double scale) {
            this.scale = scale;
            return this;
        }

        public double scale() {
            return scale;
        }

        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            return Ops.multiply(Ops.mean(Ops.square(Ops.subtract(yTrue, yPred)), -1), scale);
        }
    }

    /** The fraction of predictions within {@code tolerance} of the target, averaged over batches. */
    public static class WithinTolerance extends MeanMetricWrapper {
        public static final KerasArgs<WithinTolerance> ARGS = KerasArgs.of(WithinTolerance.class, WithinTolerance::new)
                .real("tolerance", WithinTolerance::tolerance, WithinTolerance::tolerance);

        private double tolerance = 0.1;

        public WithinTolerance() {
            super((String) null);
        }

        public WithinTolerance tolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        public double tolerance() {
            return tolerance;
        }

        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            return Ops.mean(Ops.lessEqual(Ops.abs(Ops.subtract(yTrue, yPred)), tolerance), -1);
        }
    }

    /** Sign descent with momentum: {@code m = beta m + (1 - beta) g; w -= lr * sign(m)}. */
    public static class SignSGD extends FluentOptimizer<SignSGD> {
        public static final KerasArgs<SignSGD> ARGS = KerasArgs.of(SignSGD.class, SignSGD::new)
                .real("beta", SignSGD::beta, SignSGD::beta);

        private double beta = 0.9;
        private Variable[] momentums;

        public SignSGD() {
            super("sign_sgd", 0.01);
        }

        public SignSGD beta(double beta) {
            this.beta = beta;
            return this;
        }

        public double beta() {
            return beta;
        }

        @Override
        protected void buildSlots(List<Variable> variables) {
            momentums = addSlots(variables, "momentum")[0];
        }

        @Override
        protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
            float[] w = variable.writableStorage(), m = momentums[index].writableStorage(), g = gradient.unsafeBuffer();
            for (int i = 0; i < w.length; i++) {
                m[i] = (float) (beta * m[i] + (1 - beta) * g[i]);
                w[i] -= (float) (learningRate * Math.signum(m[i]));
            }
        }
    }

    @BeforeAll
    static void registerOnce() {
        Losses.register(ScaledSquaredError.ARGS);
        Metrics.register(WithinTolerance.ARGS);
        Optimizers.register(SignSGD.ARGS);
    }

    @TempDir
    Path dir;

    @Test
    void configsAreDerivedFromTheDeclaration() {
        Loss loss = new ScaledSquaredError().scale(3).name("sse");
        assertThat(loss.getConfig()).containsExactly(Map.entry("name", "sse"),
                Map.entry("reduction", "sum_over_batch_size"), Map.entry("scale", 3.0));
        assertThat(((ScaledSquaredError) Losses.deserialize(Losses.serialize(loss))).scale()).isEqualTo(3.0);

        Metric metric = new WithinTolerance().tolerance(0.25);
        assertThat(metric.name()).startsWith("within_tolerance");
        assertThat(metric.getConfig()).containsEntry("tolerance", 0.25);
        assertThat(((WithinTolerance) Metrics.get(Metrics.serialize(metric))).tolerance()).isEqualTo(0.25);
        assertThat(Metrics.get("within_tolerance")).isInstanceOf(WithinTolerance.class);

        Optimizer optimizer = new SignSGD().beta(0.5).learningRate(0.2).clipnorm(1.0);
        assertThat(optimizer.getConfig()).containsEntry("beta", 0.5).containsEntry("clipnorm", 1.0);
        SignSGD back = (SignSGD) Optimizers.get(Optimizers.serialize(optimizer));
        assertThat(back.beta()).isEqualTo(0.5);
        assertThat(back.getConfig()).isEqualTo(optimizer.getConfig());

        assertThatThrownBy(() -> Losses.deserialize(Map.of("class_name", "ScaledSquaredError", "config", Map.of("scael", 2))))
                .hasMessageContaining("unknown config key [scael]");
    }

    @Test
    void theirNumbersAreTheFormulas() {
        Tensor yTrue = Tensor.of(new float[][] {{1, 2}, {0, 0}}), yPred = Tensor.of(new float[][] {{1, 3}, {0.05f, 1}});
        // per sample: 3 * mean(0, 1) = 1.5 and 3 * mean(0.0025, 1) = 1.50375; mean over the batch 1.501875
        assertThat(new ScaledSquaredError().scale(3).call(yTrue, yPred).item()).isCloseTo(1.501875f, within(1e-6f));
        Metric m = new WithinTolerance().tolerance(0.1);
        m.updateState(yTrue, yPred, null);                  // per sample: 1/2 and 1/2
        assertThat(m.result().item()).isEqualTo(0.5f);

        // one step by hand: m = 0.5 * 0 + 0.5 * g, w -= 0.2 * sign(m)
        SignSGD opt = new SignSGD().beta(0.5).learningRate(0.2);
        Variable w = new Variable(Tensor.of(new float[] {1, 1, 1}), "w");
        opt.applyGradients(List.of(Tensor.of(new float[] {3, -2, 0})), List.of(w));
        assertThat(w.value().toFloatArray()).containsExactly(0.8f, 1.2f, 1.0f);
    }

    @Test
    void aModelCompiledWithThemTrainsSavesAndLoads() {
        dev.gradus.Gradus.clearSession();
        Sequential model = new Sequential(List.of(Input.of(2), new Dense(1)));
        model.compile(new SignSGD().learningRate(0.01), new ScaledSquaredError().scale(2), List.of(new WithinTolerance()));
        Tensor x = Tensor.of(new float[][] {{0, 1}, {1, 0}, {1, 1}, {0, 0}});
        Tensor y = Tensor.of(new float[][] {{1}, {2}, {3}, {0}});
        var history = model.fit(x, y, new FitOptions().epochs(3).batchSize(4).verbose(0));
        assertThat(history.history()).containsKeys("loss", "within_tolerance");
        Path file = dir.resolve("newcomer.keras");
        model.save(file);
        Model loaded = Models.load(file);
        assertThat(loaded.optimizer()).isInstanceOf(SignSGD.class);
        assertThat(loaded.evaluate(x, y)).isEqualTo(model.evaluate(x, y));
    }

    @Test
    void aDeclaredClassIsACustomObjectWithoutRegistration() {
        Sequential model = new Sequential(List.of(Input.of(2), new Dense(1)));
        model.compile(new Unregistered(), "mse");
        Path file = dir.resolve("custom.keras");
        model.save(file);
        Model loaded = Models.load(file, Map.of("Unregistered", Unregistered.class));
        assertThat(loaded.optimizer()).isInstanceOf(Unregistered.class);
        assertThat(((Unregistered) loaded.optimizer()).beta()).isEqualTo(0.9);
    }

    /** Declared but never registered: a load finds it only through custom_objects. */
    public static class Unregistered extends FluentOptimizer<Unregistered> {
        static final KerasArgs<Unregistered> ARGS = KerasArgs.of(Unregistered.class, Unregistered::new)
                .real("beta", Unregistered::beta, (o, b) -> o.beta = b);

        private double beta = 0.9;

        public Unregistered() {
            super("unregistered", 0.01);
        }

        public double beta() {
            return beta;
        }

        @Override
        protected void buildSlots(List<Variable> variables) {}

        @Override
        protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {}
    }
}
