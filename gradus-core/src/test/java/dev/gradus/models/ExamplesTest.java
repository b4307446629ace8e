package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.initializers.Constant;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Layer;
import dev.gradus.losses.Loss;
import dev.gradus.losses.LossFunction;
import dev.gradus.metrics.Metric;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.data.Batch;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.callbacks.History;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples, run as tests. */
class ExamplesTest {

    // ---------------------------------------------------------------- (1) the quadratic as a model

    /** Output a·x² + b·x + c for each row (a, b, c) of the input; x is the model's one weight. */
    static final class Quadratic extends Model {
        Variable x;

        @Override
        protected void build(int[] inputShape) {
            x = addWeight("x", new int[0], shape -> Tensor.scalar(0.0));
        }

        @Override
        public Tensor call(Tensor coefficients, boolean training) {
            Tensor a = coefficients.slice(1, 0, 1);
            Tensor b = coefficients.slice(1, 1, 2);
            Tensor c = coefficients.slice(1, 2, 3);
            Tensor xv = x.value();
            return a.mul(xv.square()).add(b.mul(xv)).add(c);
        }
    }

    @Test
    void quadraticAsAModelReachesTheMinimum() {
        // x² - 2x + 1 has its minimum at x = 1
        Quadratic model = new Quadratic();
        LossFunction meanOfPrediction = (yTrue, yPred) -> Ops.mean(yPred);
        model.compile(new SGD(0.01).momentum(0.9).nesterov(true), meanOfPrediction);
        Tensor coefficients = Tensor.of(new float[][] {{1, -2, 1}});
        model.fit(coefficients, Tensor.zeros(1, 1), new FitOptions().epochs(200).verbose(0));
        assertThat(model.x.value().item()).isCloseTo(1.0f, within(1e-3f));
        assertThat(model.trainableVariables()).containsExactly(model.x);
    }

    // ---------------------------------------------------------------- (2) SparseMLP with addLoss

    /** Adds rate · sum(|inputs|) as a loss at every call and passes its input on. */
    static final class ActivityRegularization extends Layer {
        final double rate;

        ActivityRegularization(double rate) {
            this.rate = rate;
        }

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            addLoss(inputs.abs().sum().mul(rate));
            return inputs;
        }
    }

    static final class SparseMLP extends Model {
        final Dense dense1 = new Dense(8).activation("relu").kernelInitializer(new GlorotUniform().seed(4));
        final ActivityRegularization regularization = new ActivityRegularization(1e-2);
        final Dense dense2 = new Dense(1).kernelInitializer(new GlorotUniform().seed(5));

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            Tensor h = regularization.apply(dense1.apply(inputs));
            return dense2.apply(h);
        }
    }

    @Test
    void sparseMlpHoldsExactlyOneLossAfterEachCall() {
        SparseMLP model = new SparseMLP();
        Tensor x = Tensor.randomNormal(7, 4, 3);
        Tensor y1 = model.apply(x);
        assertThat(model.losses()).hasSize(1);
        Tensor h = model.dense1.apply(x);
        assertThat(model.losses().get(0).item()).isCloseTo(h.abs().sum().item() * 0.01f, within(1e-5f));
        model.apply(x);
        model.apply(x);
        assertThat(model.losses()).hasSize(1);
        assertThat(y1.shape().dims()).containsExactly(4, 1);
        // the activity loss is part of the training loss
        model.compile(new SGD(0.0), "mse");
        Map<String, Double> ev = model.testOnBatch(x, Tensor.zeros(4, 1));
        double mse = model.apply(x).square().mean().item();
        assertThat(ev.get("loss")).isCloseTo(mse + model.losses().get(0).item(), within(1e-5));
        model.compile(new SGD(0.05), "mse");
        History hist = model.fit(x, Tensor.zeros(4, 1), new FitOptions().epochs(3).verbose(0));
        assertThat(hist.get("loss")).hasSize(3);
        assertThat(model.losses()).hasSize(1);
        assertThat(model.layers()).containsExactly(model.dense1, model.regularization, model.dense2);
    }

    // ---------------------------------------------------------------- (3) Huber subclass and Huber metric

    /** The Huber loss with a configurable threshold, written as a Loss subclass. */
    static final class HuberLoss extends Loss {
        final double threshold;

        HuberLoss(double threshold) {
            super("huber_loss");
            this.threshold = threshold;
        }

        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            Tensor error = yPred.sub(yTrue);
            Tensor small = Ops.lessEqual(error.abs(), Tensor.scalar(threshold));
            Tensor squared = error.square().mul(0.5);
            Tensor linear = error.abs().mul(threshold).sub(threshold * threshold / 2);
            return Ops.where(small, squared, linear).mean(-1);
        }
    }

    /** The mean Huber value with its own threshold, as a stateful metric. */
    static final class HuberMetric extends Metric {
        final double threshold;
        final Variable total;
        final Variable count;

        HuberMetric(double threshold) {
            super("huber_metric");
            this.threshold = threshold;
            total = addVariable("total", Shape.scalar());
            count = addVariable("count", Shape.scalar());
        }

        @Override
        public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
            Tensor v = new HuberLoss(threshold).reduction("none").call(yTrue, yPred);
            total.assign(total.value().add(v.sum()));
            count.assign(count.value().add(v.size()));
        }

        @Override
        public Tensor result() {
            return total.value().div(count.value());
        }
    }

    @Test
    void regressionWithHuberLossAndHuberMetric() {
        Dense d = new Dense(1).useBias(false).kernelInitializer(new Constant(1.0));
        Sequential model = new Sequential(List.of(dev.gradus.layers.Input.of(1), d));
        model.compile(new SGD(0.0), new HuberLoss(2.0), List.of(new HuberMetric(3.0)));
        // errors 1, 2.5, 4 (predictions x, targets 0)
        Tensor x = Tensor.of(new float[][] {{1}, {2.5f}, {4}});
        Map<String, Double> ev = model.evaluate(x, Tensor.zeros(3, 1), new EvaluateOptions().verbose(0));
        double loss = (0.5 + (2 * 2.5 - 2) + (2 * 4 - 2)) / 3;   // threshold 2: 0.5, 3, 6
        double metric = (0.5 + 0.5 * 6.25 + (3 * 4 - 4.5)) / 3;  // threshold 3: 0.5, 3.125, 7.5
        assertThat(ev.keySet()).containsExactly("loss", "huber_metric");
        assertThat(ev.get("loss")).isCloseTo(loss, within(1e-5));
        assertThat(ev.get("huber_metric")).isCloseTo(metric, within(1e-5));
        // and it trains: y = 3x from a kernel of 1
        model.compile(new SGD(0.05), new HuberLoss(2.0), List.of(new HuberMetric(3.0)));
        Tensor xs = TrainingTest.ramp(16);
        History h = model.fit(xs, xs.mul(3), new FitOptions().epochs(150).batchSize(4).verbose(0));
        assertThat(h.get("loss").get(149)).isLessThan(h.get("loss").get(0) / 100);
        assertThat(d.kernel().value().item()).isCloseTo(3f, within(0.05f));
    }

    // ---------------------------------------------------------------- (4) a custom trainStep

    /** Keras's "customizing fit" example: its own tape, loss and metric updates. */
    static final class CustomStepModel extends Model {
        final Dense dense = new Dense(1).kernelInitializer(new Constant(0.0));
        int steps;

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return dense.apply(inputs);
        }

        @Override
        public Map<String, Object> trainStep(Batch data) {
            steps++;
            Tensor yPred;
            Tensor loss;
            try (GradientTape tape = new GradientTape()) {
                yPred = apply(data.x(), true);
                loss = computeLoss(data, List.of(yPred));
                List<Variable> vars = trainableVariables();
                optimizer().applyGradients(tape.gradient(loss, vars), vars);
            }
            trackLoss(loss, data.size());
            return computeMetrics(data, List.of(yPred));
        }
    }

    @Test
    void customTrainStepRunsThroughFit() {
        CustomStepModel model = new CustomStepModel();
        model.compile(new SGD(0.1), "mse", List.of("mae"));
        Tensor x = TrainingTest.ramp(10);
        History h = model.fit(x, x.mul(2).add(1), new FitOptions().epochs(100).batchSize(5).verbose(0));
        assertThat(model.steps).isEqualTo(200);
        assertThat(h.history().keySet()).containsExactly("loss", "mae");
        assertThat(h.get("loss").get(99)).isLessThan(1e-3);
        assertThat(model.dense.bias().value().item()).isCloseTo(1f, within(0.05f));
    }
}
