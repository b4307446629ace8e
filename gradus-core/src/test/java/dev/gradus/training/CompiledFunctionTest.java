package dev.gradus.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.data.Batch;
import dev.gradus.data.Dataset;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Dropout;
import dev.gradus.layers.Input;
import dev.gradus.layers.KerasTensor;
import dev.gradus.losses.SparseCategoricalCrossentropy;
import dev.gradus.metrics.SparseCategoricalAccuracy;
import dev.gradus.models.Model;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The keras.io guide "Writing a training loop from scratch" in Java, its {@code train_step} and
 * {@code test_step} run eagerly and as {@link CompiledFunction}s (the guide's {@code @tf.function}):
 * the same bits after every step, a trace per input signature.
 */
class CompiledFunctionTest {
    static final int N = 100, FEATURES = 20, CLASSES = 10, BATCH = 32, EPOCHS = 3;
    static final Tensor X = Tensor.randomUniform(11, N, FEATURES);
    static final Tensor Y;

    static {
        float[] labels = new float[N];
        float[] x = X.toFloatArray();
        for (int i = 0; i < N; i++) labels[i] = (int) (x[i * FEATURES] * CLASSES) % CLASSES;
        Y = Tensor.of(labels, N);
    }

    /** The guide's model, smaller, with a Dropout so that the step's randomness is exercised too. */
    static Model model() {
        KerasTensor inputs = Input.of("digits", FEATURES);
        KerasTensor x1 = new Dense(16).activation("relu").kernelInitializer(new GlorotUniform().seed(1)).apply(inputs);
        KerasTensor x2 = new Dense(16).activation("relu").kernelInitializer(new GlorotUniform().seed(2)).apply(x1);
        KerasTensor d = new Dropout(0.25).seed(3).apply(x2);
        KerasTensor outputs = new Dense(CLASSES).kernelInitializer(new GlorotUniform().seed(4)).name("predictions").apply(d);
        return Model.of(inputs, outputs);
    }

    record Run(List<Float> losses, List<Float> trainAcc, List<Float> valAcc, List<float[]> weights) {}

    /** The guide's loop; {@code compile} wraps the two steps (the role of the decorator). */
    static Run loop(boolean compile, int[] traceCounter, int[] callCounter) {
        Model model = model();
        Adam optimizer = new Adam(1e-3);
        SparseCategoricalCrossentropy lossFn = new SparseCategoricalCrossentropy().fromLogits(true);
        SparseCategoricalAccuracy trainAccMetric = new SparseCategoricalAccuracy();
        SparseCategoricalAccuracy valAccMetric = new SparseCategoricalAccuracy();
        Dataset train = Dataset.fromTensors(X, Y).shuffle(1024, 7).batch(BATCH);
        Dataset val = Dataset.fromTensors(X, Y).batch(BATCH);

        BiFunction<Tensor, Tensor, Tensor> trainStep = (x, y) -> {
            callCounter[0]++;                                // runs on every call
            if (CompiledFunction.tracing()) traceCounter[0]++; // runs once per trace, as Python code in a tf.function
            Tensor lossValue;
            List<Tensor> grads;
            try (GradientTape tape = new GradientTape()) {
                Tensor logits = model.apply(x, true);
                lossValue = lossFn.call(y, logits);
                grads = tape.gradient(lossValue, model.trainableWeights());
                trainAccMetric.updateState(y, logits);
            }
            optimizer.applyGradients(grads, model.trainableWeights());
            return lossValue;
        };
        BiFunction<Tensor, Tensor, Void> testStep = (x, y) -> {
            valAccMetric.updateState(y, model.apply(x, false));
            return null;
        };
        CompiledFunction<Tensor> compiledTrain = compile ? CompiledFunction.of(trainStep) : null;
        CompiledFunction<Void> compiledTest = compile ? CompiledFunction.of(testStep) : null;

        List<Float> losses = new ArrayList<>(), trainAcc = new ArrayList<>(), valAcc = new ArrayList<>();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (Batch b : train) {
                Tensor loss = compile ? compiledTrain.call(b.x(), b.y()) : trainStep.apply(b.x(), b.y());
                losses.add(loss.item());
            }
            trainAcc.add(trainAccMetric.result().item());
            trainAccMetric.resetState();
            for (Batch b : val) {
                if (compile) compiledTest.call(b.x(), b.y());
                else testStep.apply(b.x(), b.y());
            }
            valAcc.add(valAccMetric.result().item());
            valAccMetric.resetState();
        }
        if (compile) {
            // two signatures in each step: full batches of 32 and the last batch of 4
            assertThat(compiledTrain.traces()).isEqualTo(2);
            assertThat(compiledTrain.calls()).isEqualTo(4L * EPOCHS);
            assertThat(compiledTrain.replays()).as("calls that reused a plan").isEqualTo(4L * EPOCHS - 2);
            assertThat(compiledTest.traces()).isEqualTo(2);
        }
        List<float[]> weights = new ArrayList<>();
        for (Variable v : model.weights()) weights.add(v.value().toFloatArray());
        for (Variable v : optimizer.variables()) weights.add(v.value().toFloatArray());
        return new Run(losses, trainAcc, valAcc, weights);
    }

    @Test
    void theGuidesLoopCompiledIsBitIdenticalToEager() {
        int[] eagerTraces = {0}, eagerCalls = {0}, traces = {0}, calls = {0};
        Run eager = loop(false, eagerTraces, eagerCalls);
        Run compiled = loop(true, traces, calls);
        assertThat(compiled.losses()).isEqualTo(eager.losses());
        assertThat(compiled.trainAcc()).isEqualTo(eager.trainAcc());
        assertThat(compiled.valAcc()).isEqualTo(eager.valAcc());
        assertThat(compiled.weights()).hasSameSizeAs(eager.weights());
        for (int i = 0; i < eager.weights().size(); i++)
            assertThat(compiled.weights().get(i)).as("variable " + i).isEqualTo(eager.weights().get(i));
        // the loop learned something, so the comparison is not between two untouched models
        assertThat(eager.losses().get(eager.losses().size() - 1)).isLessThan(eager.losses().get(0));
        // side effects: plain Java code runs on every call; code guarded by tracing() once per trace
        assertThat(calls[0]).isEqualTo(4 * EPOCHS);
        assertThat(traces[0]).isEqualTo(2);
        assertThat(eagerTraces[0]).as("never tracing outside a compiled function").isZero();
    }

    /** Embedding -> LSTM -> Dense on sequences of two lengths: weights after a compiled loop are the eager loop's bits. */
    static List<float[]> sequenceLoop(boolean compile) {
        KerasTensor in = Input.of(dev.gradus.layers.Layer.NONE);
        KerasTensor e = new dev.gradus.layers.Embedding(12, 4).embeddingsInitializer(new dev.gradus.initializers.RandomUniform().seed(1)).apply(in);
        KerasTensor h = new dev.gradus.layers.LSTM(5).kernelInitializer(new GlorotUniform().seed(2))
                .recurrentInitializer(new dev.gradus.initializers.Orthogonal().seed(3)).apply(e);
        Model model = Model.of(in, new Dense(1).kernelInitializer(new GlorotUniform().seed(4)).apply(h));
        dev.gradus.optimizers.SGD optimizer = new dev.gradus.optimizers.SGD(0.1);
        dev.gradus.losses.MeanSquaredError lossFn = new dev.gradus.losses.MeanSquaredError();
        BiFunction<Tensor, Tensor, Tensor> step = (x, y) -> {
            try (GradientTape tape = new GradientTape()) {
                Tensor loss = lossFn.call(y, model.apply(x, true));
                optimizer.applyGradients(tape.gradient(loss, model.trainableWeights()), model.trainableWeights());
                return loss;
            }
        };
        CompiledFunction<Tensor> compiled = CompiledFunction.of(step);
        for (int i = 0; i < 6; i++) {
            int len = i % 2 == 0 ? 3 : 5; // two signatures, interleaved
            float[] ids = new float[4 * len];
            for (int k = 0; k < ids.length; k++) ids[k] = (k * 7 + i) % 12;
            Tensor x = Tensor.of(ids, 4, len), y = Tensor.full(0.5, 4, 1);
            if (compile) compiled.call(x, y);
            else step.apply(x, y);
        }
        if (compile) assertThat(compiled.traces()).isEqualTo(2);
        List<float[]> out = new ArrayList<>();
        for (Variable v : model.weights()) out.add(v.value().toFloatArray());
        return out;
    }

    @Test
    void aRecurrentModelsCompiledLoopIsBitIdenticalToEager() {
        List<float[]> eager = sequenceLoop(false), compiled = sequenceLoop(true);
        for (int i = 0; i < eager.size(); i++) assertThat(compiled.get(i)).as("weight " + i).isEqualTo(eager.get(i));
    }

    @Test
    void aNewShapeRetracesAndReturnedTensorsOutliveTheCall() {
        CompiledFunction<Tensor> square = CompiledFunction.of(x -> x.mul(x));
        Tensor a = square.call(Tensor.full(2, 3));
        Tensor b = square.call(Tensor.full(3, 3)); // a replay: same buffers inside, but a was copied out
        assertThat(a.toFloatArray()).containsExactly(4f, 4f, 4f);
        assertThat(b.toFloatArray()).containsExactly(9f, 9f, 9f);
        assertThat(square.traces()).isEqualTo(1);
        assertThat(square.call(Tensor.full(2, 5)).toFloatArray()).containsExactly(4f, 4f, 4f, 4f, 4f);
        assertThat(square.traces()).as("a new shape traces again").isEqualTo(2);
        assertThat(square.replays()).isEqualTo(1);

        CompiledFunction<Map<String, Tensor>> both = CompiledFunction.ofList(args ->
                Map.of("sum", args.get(0).add(args.get(1)), "product", args.get(0).mul(args.get(1))));
        Map<String, Tensor> first = both.call(List.of(Tensor.full(2, 2), Tensor.full(5, 2)));
        both.call(List.of(Tensor.full(1, 2), Tensor.full(1, 2)));
        assertThat(first.get("sum").toFloatArray()).containsExactly(7f, 7f);
        assertThat(first.get("product").toFloatArray()).containsExactly(10f, 10f);

        assertThatThrownBy(() -> square.call(Tensor.ones(1), Tensor.ones(1)))
                .hasMessageContaining("takes 1 tensor argument, got 2");
    }
}
