package dev.gradus.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ActivationsTest {
    static final double[] XS = {-4, -2.5, -1, -0.3, 0.2, 0.7, 1.5, 3.5};

    static void assertElementwise(String name, DoubleUnaryOperator f) {
        Tensor x = Tensor.of(XS);
        float[] got = Activations.get(name).apply(x).toFloatArray();
        for (int i = 0; i < XS.length; i++)
            assertThat((double) got[i]).as(name + "(" + XS[i] + ")").isCloseTo(f.applyAsDouble(XS[i]), within(2e-6 + 2e-6 * Math.abs(f.applyAsDouble(XS[i]))));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    @Test
    void elementwiseFunctionsMatchTheirClosedForms() {
        assertElementwise("linear", x -> x);
        assertElementwise("relu", x -> Math.max(x, 0));
        assertElementwise("leaky_relu", x -> x > 0 ? x : 0.2 * x);
        assertElementwise("relu6", x -> Math.min(Math.max(x, 0), 6));
        assertElementwise("elu", x -> x > 0 ? x : Math.expm1(x));
        assertElementwise("celu", x -> Math.max(x, 0) + Math.min(Math.expm1(x), 0));
        double alpha = 1.6732632423543772, scale = 1.0507009873554805;
        assertElementwise("selu", x -> x > 0 ? scale * x : scale * alpha * Math.expm1(x));
        assertElementwise("softplus", ActivationsTest::softplus);
        assertElementwise("softsign", x -> x / (1 + Math.abs(x)));
        assertElementwise("squareplus", x -> (x + Math.sqrt(x * x + 4)) / 2);
        assertElementwise("soft_shrink", x -> x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0);
        assertElementwise("hard_shrink", x -> Math.abs(x) > 0.5 ? x : 0);
        assertElementwise("sparse_plus", x -> x <= -1 ? 0 : x < 1 ? (x + 1) * (x + 1) / 4 : x);
        assertElementwise("sparse_sigmoid", x -> Math.min(Math.max((x + 1) / 2, 0), 1));
        assertElementwise("silu", x -> x * sigmoid(x));
        assertElementwise("swish", x -> x * sigmoid(x));
        assertElementwise("tanh", Math::tanh);
        assertElementwise("tanh_shrink", x -> x - Math.tanh(x));
        assertElementwise("sigmoid", ActivationsTest::sigmoid);
        assertElementwise("log_sigmoid", x -> Math.log(sigmoid(x)));
        assertElementwise("exponential", Math::exp);
        assertElementwise("hard_sigmoid", x -> Math.min(Math.max(x / 6 + 0.5, 0), 1));
        assertElementwise("hard_silu", x -> x * Math.min(Math.max(x / 6 + 0.5, 0), 1));
        assertElementwise("hard_swish", x -> x * Math.min(Math.max(x / 6 + 0.5, 0), 1));
        assertElementwise("hard_tanh", x -> Math.min(Math.max(x, -1), 1));
        assertElementwise("mish", x -> x * Math.tanh(softplus(x)));
    }

    @Test
    void geluIsTheExactFormByDefault() {
        // gelu(1) = 0.5 * (1 + erf(1/sqrt 2)) = 0.8413447; the tanh approximation gives 0.8411920
        assertThat(Activations.get("gelu").apply(Tensor.of(new double[] {1})).item()).isCloseTo(0.8413447f, within(1e-6f));
        assertThat(Activations.gelu(Tensor.of(new double[] {1}), true).item()).isCloseTo(0.8411920f, within(1e-6f));
    }

    @Test
    void softmaxFamiliesWorkOnTheLastAxis() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 0}});
        double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
        float[] s = Activations.get("softmax").apply(x).toFloatArray();
        assertThat((double) s[2]).isCloseTo(Math.exp(3) / e, within(1e-6));
        assertThat((double) s[4]).isCloseTo(1.0 / 3, within(1e-6));
        float[] ls = Activations.get("log_softmax").apply(x).toFloatArray();
        assertThat((double) ls[0]).isCloseTo(1 - Math.log(e), within(1e-5));
        // glu: halves a = (1), b = (2) → 1 * sigmoid(2); and a = (1, 2), b = (3, 4)
        Tensor g = Activations.get("glu").apply(Tensor.of(new double[][] {{1, 2, 3, 4}}));
        assertThat(g.shape().dims()).containsExactly(1, 2);
        assertThat((double) g.toFloatArray()[1]).isCloseTo(2 * sigmoid(4), within(1e-6));
    }

    @Test
    void sparsemaxProjectsOntoTheSimplex() {
        float[] a = Activations.get("sparsemax").apply(Tensor.of(new double[][] {{1, 2, 3}, {0.5, 0.6, 0.1}})).toFloatArray();
        // row 1: support {3}, tau = 2 → (0, 0, 1); row 2: full support, tau = (1.2 - 1) / 3
        double tau = 0.2 / 3;
        double[] expected = {0, 0, 1, 0.5 - tau, 0.6 - tau, 0.1 - tau};
        for (int i = 0; i < expected.length; i++) assertThat((double) a[i]).isCloseTo(expected[i], within(1e-6));
    }

    @Test
    void generalReluMatchesKerasExamples() {
        Tensor x = Tensor.of(new double[] {-10, -5, 0, 5, 10});
        assertThat(Activations.relu(x, 0, null, 0).toFloatArray()).isEqualTo(new float[] {0, 0, 0, 5, 10});
        assertThat(Activations.relu(x, 0.5, null, 0).toFloatArray()).isEqualTo(new float[] {-5, -2.5f, 0, 5, 10});
        assertThat(Activations.relu(x, 0, 5.0, 0).toFloatArray()).isEqualTo(new float[] {0, 0, 0, 5, 5});
        assertThat(Activations.relu(x, 0, null, 5).toFloatArray()).isEqualTo(new float[] {-0f, -0f, 0, 0, 10});
        // slope below a threshold, capped above: x=-10 → -0.5 * (10 + 5); x=10 → 6
        assertThat(Activations.relu(x, 0.5, 6.0, -5).toFloatArray()).isEqualTo(new float[] {-2.5f, 0, 0, 5, 6});
        assertThat(Activations.threshold(x, 0, -1).toFloatArray()).isEqualTo(new float[] {-1, -1, -1, 5, 10});
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = Tensor.of(new double[][] {{-1.7, -0.4, 0.35, 1.2}, {2.1, -2.6, 0.8, -0.15}});
        for (String name : new String[] {"celu", "squareplus", "mish", "hard_silu", "tanh_shrink", "glu", "softmax", "gelu", "sparse_plus"}) {
            Activation f = Activations.get(name);
            GradCheck.check1(f::apply, x);
        }
        GradCheck.check1(t -> Activations.relu(t, 0.3, 1.0, 0.5), x);
        GradCheck.check1(Activations::sparsemax, Tensor.of(new double[][] {{0.5, 0.6, 0.1}, {1, 1.4, 0.2}}));
    }

    @Test
    void identifiersResolveAsKerasGet() {
        assertThat(Activations.get(null)).isSameAs(Activations.LINEAR);
        assertThat(Activations.get("swish")).isSameAs(Activations.get("silu"));
        assertThat(Activations.get("hard_swish")).isSameAs(Activations.get("hard_silu"));
        Activation relu = Activations.get("relu");
        assertThat(Activations.get(relu)).isSameAs(relu);
        assertThat(Activations.serialize(relu)).isEqualTo("relu");
        assertThat(Activations.serialize(Activations.get("swish"))).isEqualTo("silu");
        assertThat(Activations.get(Activations.serialize(Activations.get("gelu")))).isSameAs(Activations.get("gelu"));
        // Keras 3's serialized function form
        assertThat(Activations.get(Map.of("module", "keras.activations", "class_name", "function", "config", "tanh",
                "registered_name", "tanh"))).isSameAs(Activations.get("tanh"));
        assertThat(Activations.names()).contains("relu", "softmax", "gelu", "swish", "log_softmax", "sparsemax");
    }

    @Test
    void usersRegisterTheirOwnActivations() {
        Activation cube = x -> x.mul(x).mul(x);
        assertThatThrownBy(() -> Activations.serialize(cube)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("register");
        Activations.register("test_cube", cube);
        assertThat(Activations.get("test_cube")).isSameAs(cube);
        assertThat(Activations.serialize(cube)).isEqualTo("test_cube");
        assertThatThrownBy(() -> Activations.register("relu", cube)).hasMessageContaining("built-in");
    }

    @Test
    void badInputFailsClearly() {
        assertThatThrownBy(() -> Activations.get("rleu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown activation: 'rleu'").hasMessageContaining("'relu'");
        assertThatThrownBy(() -> Activations.get(42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Integer");
        assertThatThrownBy(() -> Activations.glu(Tensor.of(new double[] {1, 2, 3}), -1))
                .hasMessageContaining("even size").hasMessageContaining("(3,)");
        assertThatThrownBy(() -> Activations.relu(Tensor.of(new double[] {1}), -0.1, null, 0))
                .hasMessageContaining("negative_slope must be >= 0, got -0.1");
        assertThatThrownBy(() -> Activations.get("relu").apply(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
