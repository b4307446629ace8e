package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.callbacks.Callback;
import dev.gradus.data.Batch;
import dev.gradus.initializers.Constant;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.layers.Layer;
import dev.gradus.metrics.MetricFunction;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.CompileOptions;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelApiTest {
    @Test
    void lossAsAConfigMapAndMetricAsALambda() {
        Sequential m = TrainingTest.identity(null);
        MetricFunction maxError = (yTrue, yPred) -> yPred.sub(yTrue).abs().max(-1);
        m.compile(new CompileOptions().optimizer(Map.of("class_name", "SGD", "config", Map.of("learning_rate", 0.0)))
                .loss(Map.of("class_name", "MeanAbsoluteError", "config", Map.of()))
                .metrics(maxError));
        Map<String, Double> ev = m.evaluate(TrainingTest.X, TrainingTest.ZEROS, new EvaluateOptions().verbose(0));
        assertThat(ev.get("loss")).isCloseTo(2.5, within(1e-6));
        assertThat(ev.values()).hasSize(2).contains(2.5);
    }

    @Test
    void callbacksSeeTheModelParamsAndPredictOutputs() {
        Sequential m = TrainingTest.identity(null);
        List<Object> seen = new ArrayList<>();
        Callback c = new Callback() {
            @Override
            public void onTrainBegin(Map<String, Object> logs) {
                seen.add(model());
                seen.add(params());
            }

            @Override
            public void onPredictBatchEnd(int batch, Map<String, Object> logs) {
                seen.add(logs.get("outputs"));
            }
        };
        m.fit(TrainingTest.ramp(10), TrainingTest.ramp(10), new FitOptions().verbose(0).epochs(3).batchSize(4).callbacks(c));
        assertThat(seen.get(0)).isSameAs(m);
        assertThat(seen.get(1)).isEqualTo(Map.of("verbose", 0, "epochs", 3, "steps", 3));
        m.predict(Tensor.ones(3, 1), new dev.gradus.training.PredictOptions().verbose(0).batchSize(2).callbacks(c));
        assertThat(seen).hasSize(4);
        assertThat(((List<?>) seen.get(2)).get(0)).isEqualTo(Tensor.ones(2, 1));
    }

    @Test
    void validationStepsAndBatchSizeLimitEvaluation() {
        Sequential m = TrainingTest.identity(null);
        int[] testBatches = {0};
        Callback counter = new Callback() {
            @Override
            public void onTestBatchEnd(int batch, Map<String, Object> logs) {
                testBatches[0]++;
            }
        };
        m.fit(TrainingTest.ramp(10), TrainingTest.ramp(10), new FitOptions().verbose(0).epochs(2).callbacks(counter)
                .validationData(TrainingTest.ramp(9), TrainingTest.ramp(9)).validationBatchSize(2).validationSteps(3));
        assertThat(testBatches[0]).isEqualTo(6);
        testBatches[0] = 0;
        m.fit(TrainingTest.ramp(10), TrainingTest.ramp(10), new FitOptions().verbose(0).callbacks(counter)
                .validationData(TrainingTest.ramp(9), TrainingTest.ramp(9)).validationBatchSize(2));
        assertThat(testBatches[0]).isEqualTo(5);
    }

    /** Records the inputs of every training batch. */
    static final class Spy extends Model {
        final Dense dense = new Dense(1).kernelInitializer(new Constant(0.0));
        final List<float[]> seen = new ArrayList<>();

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return dense.apply(inputs);
        }

        @Override
        public Map<String, Object> trainStep(Batch data) {
            seen.add(data.x().toFloatArray());
            return super.trainStep(data);
        }
    }

    @Test
    void shuffleGivesANewPermutationEachEpochAndBatchShufflesWithinBatches() {
        Tensor x = Tensor.arange(8).reshape(8, 1);
        Spy m = new Spy();
        m.compile(new SGD(0.0), "mse");
        m.fit(x, x, new FitOptions().verbose(0).epochs(2).batchSize(8).seed(5));
        assertThat(m.seen).hasSize(2);
        for (float[] epoch : m.seen) {
            Set<Float> values = new HashSet<>();
            for (float v : epoch) values.add(v);
            assertThat(values).hasSize(8);
        }
        assertThat(m.seen.get(0)).isNotEqualTo(m.seen.get(1));
        assertThat(m.seen.get(0)).isNotEqualTo(x.toFloatArray());

        Spy b = new Spy();
        b.compile(new SGD(0.0), "mse");
        b.fit(x, x, new FitOptions().verbose(0).batchSize(4).shuffle("batch").seed(5));
        float[] first = b.seen.get(0).clone();
        java.util.Arrays.sort(first);
        assertThat(first).isEqualTo(new float[] {0, 1, 2, 3});
    }

    @Test
    void subclassedModelSummaryListsItsTrackedLayers() {
        // as Keras, the shape comes from the layer's build shape: the batch of the first call
        Spy m = new Spy();
        m.name("spy");
        m.apply(Tensor.ones(2, 3));
        String s = m.summary();
        assertThat(s).contains("│ " + m.dense.name() + " (Dense)").contains("(2, 1)").contains(" Total params: 4 (16.00 B)");
        assertThat(m.layers()).containsExactly(m.dense);
    }

    @Test
    void sequentialAddPopAndConfigRoundTrip() {
        Sequential m = new Sequential(List.of(Input.of(3), new Dense(4).name("h"), new Dense(2).name("o")));
        assertThat(m.layers()).extracting(Layer::name).containsExactly("h", "o");
        Layer popped = m.pop();
        assertThat(popped.name()).isEqualTo("o");
        m.add(new Dense(5).name("o2"));
        assertThat(m.outputNames()).containsExactly("o2");
        assertThat(m.predict(Tensor.ones(2, 3), new dev.gradus.training.PredictOptions().verbose(0)).shape().dims())
                .containsExactly(2, 5);
        Sequential back = Sequential.fromConfig(m.getConfig());
        assertThat(back.layers()).extracting(Layer::name).containsExactly("h", "o2");
        assertThat(back.countParams()).isEqualTo(m.countParams());
        back.setWeights(m.getWeights());
        assertThat(back.predict(Tensor.ones(1, 3), new dev.gradus.training.PredictOptions().verbose(0)).toFloatArray())
                .isEqualTo(m.predict(Tensor.ones(1, 3), new dev.gradus.training.PredictOptions().verbose(0)).toFloatArray());
    }

    @Test
    void sequentialWithoutInputBuildsOnFirstCall() {
        Sequential m = new Sequential(new Dense(3).name("first"), new Dense(1).name("second"));
        assertThat(m.built()).isFalse();
        assertThat(m.weights()).isEmpty();
        m.apply(Tensor.ones(2, 4));
        assertThat(m.weights()).hasSize(4);
        assertThat(m.summary()).contains("│ second (Dense)                       │ (None, 1)   ");
    }
}
