package dev.gradus.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.initializers.Constant;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DenseTest {
    @Test
    void computesActivationOfInputsTimesKernelPlusBias() {
        Dense d = new Dense(2).activation("relu").kernelInitializer(new Constant(1.0)).biasInitializer(new Constant(-4.0));
        Tensor y = d.apply(Tensor.of(new float[][] {{1, 2, 3}, {0, 1, 0}}));
        // rows sum to 6 and 1; minus 4, then relu
        assertThat(y.toFloatArray()).isEqualTo(new float[] {2, 2, 0, 0});
        assertThat(d.kernel().shape().dims()).containsExactly(3, 2);
        assertThat(d.bias().shape().dims()).containsExactly(2);
        assertThat(d.countParams()).isEqualTo(8);
        assertThat(d.kernel().name()).isEqualTo(d.name() + "/kernel");
    }

    @Test
    void appliesToTheLastAxisOfHigherRankInputs() {
        Dense d = new Dense(4).useBias(false).kernelInitializer("ones");
        Tensor y = d.apply(Tensor.ones(2, 5, 3));
        assertThat(y.shape().dims()).containsExactly(2, 5, 4);
        assertThat(y.get(1, 4, 3)).isEqualTo(3f);
        assertThat(d.computeOutputShape(new int[] {Layer.NONE, 5, 3})).containsExactly(Layer.NONE, 5, 4);
        assertThat(d.weights()).hasSize(1);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Dense d = new Dense(3).activation("tanh");
        d.buildFor(Layer.NONE, 4);
        Tensor x = Tensor.randomNormal(3, 2, 4);
        GradCheck.check1(in -> d.apply(in), x);
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = d.apply(x).sum();
            List<Tensor> g = tape.gradient(loss, d.trainableWeights());
            assertThat(g).hasSize(2).doesNotContainNull();
        }
    }

    @Test
    void defaultsAndConfigMatchKeras() {
        Dense d = new Dense(16).name("out");
        Map<String, Object> c = d.getConfig();
        assertThat(c.keySet()).containsExactly("name", "trainable", "dtype", "units", "activation", "use_bias",
                "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
                "kernel_constraint", "bias_constraint", "quantization_config");
        assertThat(c.get("activation")).isEqualTo("linear");
        assertThat(((Map<?, ?>) c.get("kernel_initializer")).get("class_name")).isEqualTo("GlorotUniform");
        assertThat(((Map<?, ?>) c.get("bias_initializer")).get("class_name")).isEqualTo("Zeros");
        assertThat(c.get("use_bias")).isEqualTo(true);
    }

    @Test
    void configRoundTrip() {
        Dense d = new Dense(5).activation("softmax").useBias(false).kernelRegularizer("l2").kernelConstraint("non_neg")
                .activityRegularizer("l1");
        d.name("head");
        Layer back = Layers.deserialize(Layers.serialize(d));
        assertThat(back).isInstanceOf(Dense.class);
        assertThat(back.configEquals(d)).isTrue();
        assertThat(back.getConfig().get("activity_regularizer")).isNotNull();
    }

    @Test
    void regularizersAndConstraintsAreWiredIn() {
        Dense d = new Dense(2).kernelInitializer(new Constant(-1.0)).kernelRegularizer(Map.of("class_name", "L2",
                "config", Map.of("l2", 0.5))).kernelConstraint("non_neg");
        d.apply(Tensor.ones(1, 3));
        // 0.5 * sum(w^2) over 6 weights of -1
        assertThat(d.losses()).hasSize(1);
        assertThat(d.losses().get(0).item()).isEqualTo(3f);
        d.applyConstraints();
        assertThat(d.kernel().value().toFloatArray()).containsOnly(0f);
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> new Dense(0)).hasMessageContaining("units");
        assertThatThrownBy(() -> new Dense(2).activation("relux")).hasMessageContaining("relu");
        assertThatThrownBy(() -> new Dense(2).apply(Tensor.ones(3)))
                .hasMessageContaining("expected min_ndim=2, found ndim=1");
        Dense d = new Dense(2);
        d.apply(Tensor.ones(1, 3));
        assertThatThrownBy(() -> d.apply(Tensor.ones(1, 4))).hasMessageContaining("expects inputs with 3 features")
                .hasMessageContaining("(1, 4)");
        assertThatThrownBy(() -> d.useBias(false)).hasMessageContaining("cannot change after the layer is built");
    }
}
