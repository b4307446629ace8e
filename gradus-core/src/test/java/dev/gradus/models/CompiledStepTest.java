package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Variable;
import dev.gradus.callbacks.History;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.Conv2D;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Flatten;
import dev.gradus.layers.Input;
import dev.gradus.layers.MaxPooling2D;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.CompileOptions;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** compile(jit_compile=true): replayed buffer plans give exactly the eager numbers. */
class CompiledStepTest {

    static Sequential convnet() {
        return new Sequential(List.of(Input.of(8, 8, 1),
                new Conv2D(4, 3, 3).activation("relu").kernelInitializer(new GlorotUniform().seed(1)),
                new MaxPooling2D(2, 2),
                new Flatten(),
                new Dense(6).activation("relu").kernelInitializer(new GlorotUniform().seed(2)),
                new Dense(3).activation("softmax").kernelInitializer(new GlorotUniform().seed(3))));
    }

    /** 32-channel convolutions take the direct kernels, whose reused buffers are cleared per group of images. */
    static Sequential wideConvnet() {
        return new Sequential(List.of(Input.of(8, 8, 1),
                new Conv2D(32, 3, 3).activation("relu").kernelInitializer(new GlorotUniform().seed(1)),
                new Conv2D(32, 2, 2).activation("relu").kernelInitializer(new GlorotUniform().seed(6)),
                new MaxPooling2D(2, 2),
                new Flatten(),
                new Dense(3).activation("softmax").kernelInitializer(new GlorotUniform().seed(3))));
    }

    static Sequential mlp() {
        return new Sequential(List.of(Input.of(64),
                new Dense(16).activation("tanh").kernelInitializer(new GlorotUniform().seed(4)),
                new Dense(3).activation("softmax").kernelInitializer(new GlorotUniform().seed(5))));
    }

    static Map<String, Object> train(Supplier<Sequential> build, boolean jit, Tensor x, Tensor y, float[][] weights) {
        Sequential m = build.get();
        m.compile(new CompileOptions().optimizer(new Adam(0.01)).loss("sparse_categorical_crossentropy")
                .metrics("accuracy").jitCompile(jit));
        // 20 samples in batches of 8: two full batches and a partial one per epoch, each shape its own plan
        History h = m.fit(x, y, new FitOptions().epochs(3).batchSize(8).verbose(0).seed(7)
                .validationData(x, y));
        List<Variable> vars = m.trainableVariables();
        for (int i = 0; i < vars.size(); i++) weights[i] = vars.get(i).value().toFloatArray();
        if (jit) assertThat(m.compiledState().compiledStepReplays()).as("steps that reused a plan").isGreaterThan(5);
        else assertThat(m.compiledState().compiledStepReplays()).isZero();
        Map<String, Object> logs = new java.util.LinkedHashMap<>(m.evaluate(x, y, new EvaluateOptions().batchSize(8).verbose(0)));
        logs.put("history_loss", h.get("loss"));
        logs.put("history_val_loss", h.get("val_loss"));
        return logs;
    }

    static void sameAsEager(Supplier<Sequential> build, Tensor x) {
        float[] labels = new float[x.shape().get(0)];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 3;
        Tensor y = Tensor.of(labels, labels.length);
        float[][] eager = new float[8][], compiled = new float[8][];
        Map<String, Object> e = train(build, false, x, y, eager);
        Map<String, Object> c = train(build, true, x, y, compiled);
        assertThat(c).isEqualTo(e);
        for (int i = 0; i < eager.length; i++) assertThat(compiled[i]).as("weight " + i).isEqualTo(eager[i]);
    }

    @Test
    void convnetWeightsAndLogsAreBitIdenticalToEager() {
        sameAsEager(CompiledStepTest::convnet, Tensor.randomUniform(Shape.of(20, 8, 8, 1), 0, 1, 11));
    }

    @Test
    void directConvolutionWeightsAndLogsAreBitIdenticalToEager() {
        sameAsEager(CompiledStepTest::wideConvnet, Tensor.randomUniform(Shape.of(20, 8, 8, 1), 0, 1, 13));
    }

    @Test
    void mlpWeightsAndLogsAreBitIdenticalToEager() {
        sameAsEager(CompiledStepTest::mlp, Tensor.randomNormal(Shape.of(20, 64), 0, 1, 12));
    }

    @Test
    void compiledPredictionsAreEagerOnesAndOutliveLaterCalls() {
        for (Supplier<Sequential> build : List.<Supplier<Sequential>>of(CompiledStepTest::convnet, CompiledStepTest::wideConvnet)) {
            Sequential eager = build.get(), compiled = build.get();
            eager.compile(new CompileOptions().optimizer(new Adam(0.01)).loss("sparse_categorical_crossentropy"));
            compiled.compile(new CompileOptions().optimizer(new Adam(0.01)).loss("sparse_categorical_crossentropy").jitCompile(true));
            Tensor x = Tensor.randomUniform(Shape.of(20, 8, 8, 1), 0, 1, 21);
            Tensor one = Tensor.randomUniform(Shape.of(1, 8, 8, 1), 0, 1, 22);
            dev.gradus.training.PredictOptions quiet = new dev.gradus.training.PredictOptions().batchSize(8).verbose(0);
            float[] want = eager.predict(x, quiet).toFloatArray(), wantOne = eager.predict(one, quiet).toFloatArray();
            Tensor first = compiled.predict(x, quiet);
            Tensor firstOne = compiled.predict(one, quiet);
            for (int call = 0; call < 3; call++) {
                // replays of the recorded plans: same bits, and the earlier results are not overwritten
                assertThat(compiled.predict(x, quiet).toFloatArray()).isEqualTo(want);
                assertThat(compiled.predict(Tensor.randomUniform(Shape.of(1, 8, 8, 1), 0, 1, 30 + call), quiet).shape().dims())
                        .containsExactly(1, 3);
            }
            assertThat(first.toFloatArray()).isEqualTo(want);
            assertThat(firstOne.toFloatArray()).isEqualTo(wantOne);
            assertThat(compiled.compiledState().compiledStepReplays()).as("predict steps that reused a plan").isGreaterThan(5);
        }
    }

    @Test
    void jitCompileAcceptsKerasValuesOnly() {
        assertThat(new CompileOptions().jitCompile()).isEqualTo("auto");
        assertThat(new CompileOptions().compiledSteps()).isFalse();
        assertThat(new CompileOptions().jitCompile(true).compiledSteps()).isTrue();
        assertThatThrownBy(() -> new CompileOptions().jitCompile("xla"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jit_compile").hasMessageContaining("'xla'");
    }
}
