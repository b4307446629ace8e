package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.callbacks.Callback;
import dev.gradus.callbacks.History;
import dev.gradus.initializers.Constant;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.layers.KerasTensor;
import dev.gradus.optimizers.Adam;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.CompileOptions;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.training.PredictOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingTest {
    /** y_pred = x · 1 (one weight fixed at 1, no bias), so per-sample squared errors are known. */
    static Sequential identity(dev.gradus.regularizers.Regularizer kernelRegularizer) {
        Dense d = new Dense(1).useBias(false).kernelInitializer(new Constant(1.0));
        if (kernelRegularizer != null) d.kernelRegularizer(kernelRegularizer);
        Sequential m = new Sequential(List.of(Input.of(1), d));
        m.compile(new SGD(0.0), "mse");
        return m;
    }

    static final Tensor X = Tensor.of(new float[][] {{1}, {2}, {3}, {4}});
    static final Tensor ZEROS = Tensor.zeros(4, 1);

    static FitOptions quiet() {
        return new FitOptions().verbose(0).shuffle(false);
    }

    @Test
    void mlpLearnsXor() {
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(new float[][] {{0}, {1}, {1}, {0}});
        Sequential m = new Sequential(List.of(Input.of(2),
                new Dense(8).activation("tanh").kernelInitializer(new GlorotUniform().seed(1)),
                new Dense(1).activation("sigmoid").kernelInitializer(new GlorotUniform().seed(2))));
        m.compile(new Adam(0.05), "binary_crossentropy", List.of("accuracy"));
        History h = m.fit(x, y, new FitOptions().epochs(300).batchSize(4).verbose(0).seed(3));
        List<Double> loss = h.get("loss");
        assertThat(loss).hasSize(300);
        assertThat(loss.get(299)).isLessThan(0.05);
        assertThat(h.get("accuracy").get(299)).isEqualTo(1.0);
        Tensor p = m.predict(x, new PredictOptions().verbose(0));
        float[] probs = p.toFloatArray();
        assertThat(probs[0]).isLessThan(0.1f);
        assertThat(probs[1]).isGreaterThan(0.9f);
        assertThat(probs[2]).isGreaterThan(0.9f);
        assertThat(probs[3]).isLessThan(0.1f);
    }

    @Test
    void sampleWeightFollowsKerasReduction() {
        // squared errors 1, 4, 9, 16; weights 1, 0, 2, 1; sum_over_batch_size divides by the count (4)
        Sequential m = identity(null);
        History h = m.fit(X, ZEROS, quiet().batchSize(3).sampleWeight(Tensor.of(new float[] {1, 0, 2, 1}, 4)));
        assertThat(h.get("loss").get(0)).isCloseTo(35.0 / 4, within(1e-5));
        // evaluate with and without weights
        assertThat(m.evaluate(X, ZEROS, new EvaluateOptions().verbose(0)).get("loss")).isCloseTo(30.0 / 4, within(1e-5));
        assertThat(m.evaluate(X, ZEROS, new EvaluateOptions().verbose(0).batchSize(4)
                .sampleWeight(Tensor.of(new float[] {1, 0, 2, 1}, 4))).get("loss")).isCloseTo(35.0 / 4, within(1e-5));
    }

    @Test
    void classWeightWeighsEachSampleByItsClass() {
        // labels 0, 1, 1, 0; predictions 1, 2, 3, 4: errors 1, 1, 4, 16; class weights {0: 2, 1: 0.5}
        Sequential m = identity(null);
        Tensor y = Tensor.of(new float[][] {{0}, {1}, {1}, {0}});
        History h = m.fit(X, y, quiet().batchSize(4).classWeight(Map.of(0, 2.0, 1, 0.5)));
        assertThat(h.get("loss").get(0)).isCloseTo((2 * 1 + 0.5 * 1 + 0.5 * 4 + 2 * 16) / 4.0, within(1e-5));
        // a class missing from the map weighs 1
        Sequential m2 = identity(null);
        History h2 = m2.fit(X, y, quiet().batchSize(4).classWeight(Map.of(0, 2.0)));
        assertThat(h2.get("loss").get(0)).isCloseTo((2 * 1 + 1 + 4 + 2 * 16) / 4.0, within(1e-5));
    }

    @Test
    void validationSplitHoldsOutTheLastSamplesBeforeShuffling() {
        // 4 samples, split 0.25: train on the first 3 (errors 1, 4, 9), validate on the last (16)
        Sequential m = identity(null);
        History h = m.fit(X, ZEROS, new FitOptions().verbose(0).validationSplit(0.25).epochs(2));
        assertThat(h.get("loss").get(0)).isCloseTo(14.0 / 3, within(1e-5));
        assertThat(h.get("val_loss")).containsExactly(16.0, 16.0);
        assertThat(h.history().keySet()).containsExactly("loss", "val_loss");
    }

    @Test
    void classWeightsDoNotWeighTheValidationSplit() {
        // train on the first 3 samples (labels 0, 1, 1; errors 1, 1, 4), validate on the last (label 0, error 16)
        Sequential m = identity(null);
        Tensor y = Tensor.of(new float[][] {{0}, {1}, {1}, {0}});
        History h = m.fit(X, y, quiet().validationSplit(0.25).classWeight(Map.of(0, 2.0, 1, 0.5)));
        assertThat(h.get("loss").get(0)).isCloseTo((2 * 1 + 0.5 * 1 + 0.5 * 4) / 3.0, within(1e-5));
        assertThat(h.get("val_loss").get(0)).isCloseTo(16.0, within(1e-5));
    }

    @Test
    void regularizationLossesAreAddedToTheTrainingLoss() {
        // L2(0.5) on a kernel of 1: + 0.5 in training and in evaluation
        Sequential m = identity(dev.gradus.regularizers.Regularizers.get(Map.of("class_name", "L2", "config", Map.of("l2", 0.5))));
        History h = m.fit(X, ZEROS, quiet().batchSize(4).validationData(X, ZEROS));
        assertThat(h.get("loss").get(0)).isCloseTo(30.0 / 4 + 0.5, within(1e-5));
        assertThat(h.get("val_loss").get(0)).isCloseTo(30.0 / 4 + 0.5, within(1e-5));
    }

    /** Counts batches and records epoch indices and logs. */
    static final class Recorder extends Callback {
        int trainBatches;
        int testBatches;
        final List<Integer> epochs = new ArrayList<>();
        final List<Map<String, Object>> epochLogs = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override public void onTrainBegin(Map<String, Object> logs) { events.add("train_begin"); }
        @Override public void onTrainEnd(Map<String, Object> logs) { events.add("train_end"); }
        @Override public void onEpochBegin(int epoch, Map<String, Object> logs) { events.add("epoch_begin " + epoch); }
        @Override public void onTestBegin(Map<String, Object> logs) { events.add("test_begin"); }
        @Override public void onTestEnd(Map<String, Object> logs) { events.add("test_end"); }
        @Override public void onBatchEnd(int batch, Map<String, Object> logs) { trainBatches++; }
        @Override public void onTestBatchEnd(int batch, Map<String, Object> logs) { testBatches++; }

        @Override
        public void onEpochEnd(int epoch, Map<String, Object> logs) {
            events.add("epoch_end " + epoch);
            epochs.add(epoch);
            epochLogs.add(new LinkedHashMap<>(logs));
            logs.put("extra", 7.0);
        }
    }

    static Tensor ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i / (float) n;
        return Tensor.of(v, n, 1);
    }

    @Test
    void initialEpochAndStepsPerEpochGiveKerasStepCounts() {
        Sequential m = identity(null);
        Recorder r = new Recorder();
        History h = m.fit(ramp(10), ramp(10), quiet().batchSize(2).epochs(3).initialEpoch(1).callbacks(r));
        assertThat(r.trainBatches).isEqualTo(10);
        assertThat(r.epochs).containsExactly(1, 2);
        assertThat(h.epochs()).containsExactly(1, 2);
        assertThat(m.optimizer().iterationCount()).isEqualTo(10);

        // 5 batches per pass, 3 steps per epoch: the pass carries over, runs out in epoch 2, restarts in epoch 3
        Sequential m2 = identity(null);
        Recorder r2 = new Recorder();
        m2.fit(ramp(10), ramp(10), quiet().batchSize(2).epochs(3).stepsPerEpoch(3).callbacks(r2));
        assertThat(r2.trainBatches).isEqualTo(3 + 2 + 3);
        assertThat(m2.optimizer().iterationCount()).isEqualTo(8);
    }

    @Test
    void historyKeysAndValuesMatchTheEpochLogs() {
        Sequential m = identity(null);
        m.compile(new SGD(0.01), "mse", List.of("mae"));
        Recorder r = new Recorder();
        History h = m.fit(ramp(8), ramp(8).mul(3), quiet().batchSize(3).epochs(3).callbacks(r)
                .validationData(ramp(4), ramp(4)).validationFreq(2));
        assertThat(h.history().keySet()).containsExactly("loss", "mae", "extra", "val_loss", "val_mae");
        assertThat(h.get("loss")).hasSize(3);
        assertThat(h.get("val_loss")).hasSize(1); // validated after epoch 2 only
        for (int e = 0; e < 3; e++) {
            assertThat(h.get("loss").get(e)).isEqualTo((Double) r.epochLogs.get(e).get("loss"));
            assertThat(h.get("mae").get(e)).isEqualTo((Double) r.epochLogs.get(e).get("mae"));
        }
        assertThat(h.get("val_loss").get(0)).isEqualTo((Double) r.epochLogs.get(1).get("val_loss"));
        assertThat(r.events).containsExactly("train_begin", "epoch_begin 0", "epoch_end 0", "epoch_begin 1", "test_begin",
                "test_end", "epoch_end 1", "epoch_begin 2", "epoch_end 2", "train_end");
        assertThat(m.history()).isSameAs(h);
        // the evaluation after the last epoch reproduces val_* from the same weights
        Map<String, Double> ev = m.evaluate(ramp(4), ramp(4), new EvaluateOptions().verbose(0));
        assertThat(ev.keySet()).containsExactly("loss", "mae");
    }

    @Test
    void stopTrainingEndsTheEpochAndTheFit() {
        Sequential m = identity(null);
        Callback stopper = new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, Map<String, Object> logs) {
                if (batch == 1) model().stopTraining(true);
            }
        };
        Recorder r = new Recorder();
        m.fit(ramp(10), ramp(10), quiet().batchSize(2).epochs(5).callbacks(stopper, r));
        assertThat(r.trainBatches).isEqualTo(2);
        assertThat(r.epochs).containsExactly(0);
    }

    @Test
    void lossDecreasesAndPredictionsFollowTheFit() {
        Sequential m = new Sequential(List.of(Input.of(1), new Dense(1).kernelInitializer(new Constant(0.0))));
        m.compile(new SGD(0.1), "mse");
        Tensor x = ramp(20);
        Tensor y = x.mul(2).add(1);
        History h = m.fit(x, y, new FitOptions().epochs(200).batchSize(5).verbose(0));
        assertThat(h.get("loss").get(199)).isLessThan(1e-4);
        Tensor p = m.predict(Tensor.of(new float[][] {{0.5f}}), new PredictOptions().verbose(0));
        assertThat(p.item()).isCloseTo(2.0f, within(0.02f));
        assertThat(m.predictOnBatch(Tensor.of(new float[][] {{0.5f}})).item()).isEqualTo(p.item());
    }

    @Test
    void trainAndTestOnBatchReturnThatBatchsValues() {
        Sequential m = identity(null);
        Map<String, Double> t = m.testOnBatch(X, ZEROS);
        assertThat(t.get("loss")).isCloseTo(30.0 / 4, within(1e-5));
        Map<String, Double> t2 = m.testOnBatch(Tensor.of(new float[][] {{2}}), Tensor.zeros(1, 1));
        assertThat(t2.get("loss")).isCloseTo(4.0, within(1e-6));
        Map<String, Double> tr = m.trainOnBatch(X, ZEROS);
        assertThat(tr.get("loss")).isCloseTo(30.0 / 4, within(1e-5));
    }

    @Test
    void functionalModelWithTwoInputsAndTwoOutputs() {
        KerasTensor a = Input.of("a", 2);
        KerasTensor b = Input.of("b", 3);
        Dense da = new Dense(1).useBias(false).kernelInitializer(new Constant(1.0)).name("out_a");
        Dense db = new Dense(1).useBias(false).kernelInitializer(new Constant(1.0)).name("out_b");
        Model m = Model.of(List.of(a, b), List.of(da.apply(a), db.apply(b)));
        assertThat(m.outputNames()).containsExactly("out_a", "out_b");
        m.compile(new CompileOptions().optimizer(new SGD(0.0)).loss(List.of("mse", "mae")).lossWeights(List.of(1.0, 0.5))
                .metrics(Map.of("out_a", List.of("mae"))));
        Tensor xa = Tensor.of(new float[][] {{1, 1}, {0, 1}});
        Tensor xb = Tensor.of(new float[][] {{1, 1, 1}, {0, 0, 2}});
        // out_a = 2, 1 vs 0: mse 2.5, mae 1.5; out_b = 3, 2 vs 0: mae 2.5; total 2.5 + 0.5 * 2.5
        Map<String, Double> ev = m.evaluate(List.of(xa, xb), List.of(Tensor.zeros(2, 1), Tensor.zeros(2, 1)),
                new EvaluateOptions().verbose(0));
        assertThat(ev.keySet()).containsExactly("loss", "out_a_mae", "out_a_loss", "out_b_loss");
        assertThat(ev.get("loss")).isCloseTo(2.5 + 1.25, within(1e-5));
        assertThat(ev.get("out_a_loss")).isCloseTo(2.5, within(1e-5));
        assertThat(ev.get("out_b_loss")).isCloseTo(2.5, within(1e-5));
        assertThat(ev.get("out_a_mae")).isCloseTo(1.5, within(1e-5));
        List<Tensor> preds = m.predictAll(List.of(xa, xb), new PredictOptions().verbose(0));
        assertThat(preds.get(1).toFloatArray()).isEqualTo(new float[] {3, 2});
    }

    @Test
    void oneLossForAllOutputsOrADictByOutputName() {
        KerasTensor in = Input.of(1);
        Dense one = new Dense(1).useBias(false).kernelInitializer(new Constant(1.0)).name("one");
        Dense two = new Dense(1).useBias(false).kernelInitializer(new Constant(2.0)).name("two");
        Model m = Model.of(List.of(in), List.of(one.apply(in), two.apply(in)));
        List<Tensor> ys = List.of(Tensor.zeros(4, 1), Tensor.zeros(4, 1));
        m.compile(new SGD(0.0), "mse");
        // mse of x (7.5) and of 2x (30)
        Map<String, Double> ev = m.evaluate(List.of(X), ys, new EvaluateOptions().verbose(0));
        assertThat(ev).containsOnlyKeys("loss", "one_loss", "two_loss");
        assertThat(ev.get("loss")).isCloseTo(37.5, within(1e-4));
        m.compile(new CompileOptions().optimizer(new SGD(0.0)).loss(Map.of("two", "mae")).lossWeights(Map.of("two", 2.0)));
        Map<String, Double> ev2 = m.evaluate(List.of(X), ys, new EvaluateOptions().verbose(0));
        // only output "two" has a loss: 2 * mae(2x) = 2 * 5
        assertThat(ev2).containsOnlyKeys("loss");
        assertThat(ev2.get("loss")).isCloseTo(10.0, within(1e-5));
    }

    @Test
    void accuracyAndCrossentropyResolveByShapes() {
        // softmax over 3 classes with integer labels: sparse variants
        Sequential m = new Sequential(List.of(Input.of(2), new Dense(3).activation("softmax")));
        m.compile(new SGD(0.0), "ce", List.of("acc", "crossentropy"));
        Tensor x = Tensor.of(new float[][] {{1, 0}, {0, 1}});
        Tensor y = Tensor.of(new float[] {0, 2}, 2);
        Map<String, Double> ev = m.evaluate(x, y, new EvaluateOptions().verbose(0));
        assertThat(ev.keySet()).containsExactly("loss", "acc", "crossentropy");
        assertThat(ev.get("loss")).isCloseTo(ev.get("crossentropy"), within(1e-6));
        assertThat(m.metrics().get(1).getClass().getSimpleName()).isEqualTo("SparseCategoricalAccuracy");
        // one sigmoid unit: binary
        Sequential b = new Sequential(List.of(Input.of(2), new Dense(1).activation("sigmoid")));
        b.compile("sgd", "crossentropy", List.of("accuracy"));
        b.evaluate(x, Tensor.of(new float[][] {{0}, {1}}), new EvaluateOptions().verbose(0));
        assertThat(b.metrics().get(1).getClass().getSimpleName()).isEqualTo("BinaryAccuracy");
        // one-hot targets: categorical
        Sequential c = new Sequential(List.of(Input.of(2), new Dense(3).activation("softmax")));
        c.compile("sgd", "categorical_crossentropy", List.of("accuracy"));
        c.evaluate(x, Tensor.of(new float[][] {{1, 0, 0}, {0, 0, 1}}), new EvaluateOptions().verbose(0));
        assertThat(c.metrics().get(1).getClass().getSimpleName()).isEqualTo("CategoricalAccuracy");
    }

    @Test
    void weightedMetricsUseSampleWeightsAndMetricsDoNot() {
        Sequential m = identity(null);
        m.compile(new CompileOptions().optimizer(new SGD(0.0)).loss("mse").metrics("mse").weightedMetrics("mse"));
        Map<String, Double> ev = m.evaluate(X, ZEROS, new EvaluateOptions().verbose(0).batchSize(4)
                .sampleWeight(Tensor.of(new float[] {1, 0, 2, 1}, 4)));
        assertThat(ev.keySet()).containsExactly("loss", "mse", "weighted_mse");
        assertThat(ev.get("mse")).isCloseTo(30.0 / 4, within(1e-5));
        // a weighted mean metric divides by the sum of the weights
        assertThat(ev.get("weighted_mse")).isCloseTo(35.0 / 4, within(1e-5));
    }

    @Test
    void floatArraysWork() {
        Sequential m = identity(null);
        History h = m.fit(new float[][] {{1}, {2}}, new float[][] {{0}, {0}}, quiet());
        assertThat(h.get("loss").get(0)).isCloseTo(2.5, within(1e-6));
    }
}
