package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.callbacks.History;
import dev.gradus.data.Batch;
import dev.gradus.initializers.Constant;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.metrics.Mean;
import dev.gradus.metrics.Metric;
import dev.gradus.optimizers.Adam;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keras 3 behaviours of the training loop that real programs (the VAE, GAN and custom-step guides) rely on. */
class KerasStepSemanticsTest {

    /** A model with its own tracker in an overridden metrics(), fed 1 in the first epoch and 0 after. */
    static final class Tracked extends Model {
        final Dense dense = new Dense(1).kernelInitializer(new Constant(0.0));
        final Mean tracker = new Mean();
        final int stepsPerEpoch;
        int steps;

        Tracked(int stepsPerEpoch) {
            this.stepsPerEpoch = stepsPerEpoch;
            tracker.name("tracker");
        }

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return dense.apply(inputs);
        }

        @Override
        public List<Metric> metrics() {
            return List.of(tracker);
        }

        @Override
        public Map<String, Object> trainStep(Batch data) {
            tracker.updateState(Tensor.scalar(steps++ < stepsPerEpoch ? 1 : 0));
            return Map.of("tracker", tracker.result().item());
        }
    }

    @Test
    void fitResetsTheMetricsOfAnOverriddenMetricsListEachEpoch() {
        Tracked m = new Tracked(2);
        m.compile(new SGD(0.1), "mse");
        Tensor x = TrainingTest.ramp(8);
        History h = m.fit(x, x, new FitOptions().epochs(3).batchSize(4).verbose(0).shuffle(false));
        // Keras: [1.0, 0.0, 0.0]; without the reset the mean would carry over as [1.0, 0.5, 0.333]
        assertThat(h.get("tracker")).containsExactly(1.0, 0.0, 0.0);
        m.resetMetrics();
        assertThat(m.tracker.result().item()).isZero();
    }

    /** The Keras 3 idiom: "for metric in self.metrics: metric.update_state(...)" in custom steps. */
    static final class MetricsLoop extends Model {
        final Dense dense = new Dense(1).kernelInitializer(new Constant(0.5));

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return dense.apply(inputs);
        }

        private Map<String, Object> update(Batch data, Tensor yPred, Tensor loss) {
            for (Metric metric : metrics()) {
                if (metric.name().equals("loss")) metric.updateState(null, loss, Tensor.scalar(data.size()));
                else metric.updateState(data.y(), yPred);
            }
            return metricsResult();
        }

        @Override
        public Map<String, Object> trainStep(Batch data) {
            Tensor yPred, loss;
            try (GradientTape tape = new GradientTape()) {
                yPred = apply(data.x(), true);
                loss = computeLoss(data, List.of(yPred));
                List<Variable> vars = trainableVariables();
                optimizer().applyGradients(tape.gradient(loss, vars), vars);
            }
            return update(data, yPred, loss);
        }

        @Override
        public Map<String, Object> testStep(Batch data) {
            Tensor yPred = apply(data.x(), false);
            return update(data, yPred, computeLoss(data, List.of(yPred)));
        }
    }

    @Test
    void compiledMetricsAreInMetricsBeforeTheFirstStepSoCustomStepsUpdateThem() {
        Tensor x = TrainingTest.ramp(6);
        Tensor y = x.mul(2);
        MetricsLoop custom = new MetricsLoop();
        custom.compile(new SGD(0.0), "mse", List.of("mae"));
        Map<String, Double> got = custom.evaluate(x, y, new EvaluateOptions().verbose(0).batchSize(3));
        // the default step on an equal model gives the reference numbers
        Sequential plain = new Sequential(List.of(Input.of(1), new Dense(1).kernelInitializer(new Constant(0.5))));
        plain.compile(new SGD(0.0), "mse", List.of("mae"));
        Map<String, Double> want = plain.evaluate(x, y, new EvaluateOptions().verbose(0).batchSize(3));
        assertThat(got.keySet()).containsExactly("loss", "mae");
        assertThat(got).isEqualTo(want);
        // and through fit, the compiled metric is logged per epoch
        History h = custom.fit(x, y, new FitOptions().epochs(2).batchSize(3).verbose(0));
        assertThat(h.history().keySet()).containsExactly("loss", "mae");
        assertThat(h.get("mae").get(0)).isEqualTo(want.get("mae"), org.assertj.core.api.Assertions.within(1e-6));
    }

    /** A subclassed model whose layers build on their first call (no Input): Keras's usual subclassing style. */
    static final class Lazy extends Model {
        final Dense hidden = new Dense(4).activation("tanh").kernelInitializer(new GlorotUniform().seed(1));
        final Dense out = new Dense(1).kernelInitializer(new GlorotUniform().seed(2));

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return out.apply(hidden.apply(inputs));
        }
    }

    @Test
    void aModelThatBuildsOnFirstCallGetsItsFirstUpdate() {
        Tensor x = Tensor.randomUniform(dev.gradus.tensor.Shape.of(8, 3), -1, 1, 3);
        Tensor y = Tensor.randomUniform(dev.gradus.tensor.Shape.of(8, 1), -1, 1, 4);
        Lazy lazy = new Lazy();
        lazy.compile(new Adam(0.1), "mse");
        Sequential eager = new Sequential(List.of(Input.of(3),
                new Dense(4).activation("tanh").kernelInitializer(new GlorotUniform().seed(1)),
                new Dense(1).kernelInitializer(new GlorotUniform().seed(2))));
        eager.compile(new Adam(0.1), "mse");
        FitOptions once = new FitOptions().epochs(1).batchSize(8).verbose(0).shuffle(false);
        lazy.fit(x, y, once);
        eager.fit(x, y, once);
        // one step each: the lazily built model was updated exactly as the pre-built one
        assertThat(weights(lazy)).hasSize(4);
        for (int i = 0; i < 4; i++) assertThat(weights(lazy).get(i)).isEqualTo(weights(eager).get(i));
        assertThat(lazy.optimizer().iterationCount()).isEqualTo(1);
        // a second step finds the same variables the optimizer was built with
        lazy.fit(x, y, once);
        eager.fit(x, y, once);
        for (int i = 0; i < 4; i++) assertThat(weights(lazy).get(i)).isEqualTo(weights(eager).get(i));
    }

    @Test
    void fitOnAnEmptyDatasetRecordsNoEpochAndLeavesTheWeights() {
        Sequential m = new Sequential(List.of(Input.of(1), new Dense(1).kernelInitializer(new Constant(0.5))));
        m.compile(new SGD(0.1), "mse");
        Tensor x = TrainingTest.ramp(4);
        dev.gradus.data.Dataset empty = dev.gradus.data.Dataset.fromTensors(x, x).take(0).batch(2);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        History h;
        try {
            h = m.fit(empty, new FitOptions().epochs(3).verbose(0));
        } finally {
            System.setErr(old);
        }
        // Keras's warning (through SLF4J; slf4j-simple prints it in the tests), once, and no epoch recorded
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("Your input ran out of data"))).hasSize(1);
        assertThat(h.epochs()).isEmpty();
        assertThat(h.history()).isEmpty();
        assertThat(m.trainableVariables().get(0).value().item()).isEqualTo(0.5f);
    }

    static List<float[]> weights(Model m) {
        List<float[]> out = new ArrayList<>();
        for (Variable v : m.trainableVariables()) out.add(v.value().toFloatArray());
        return out;
    }
}
