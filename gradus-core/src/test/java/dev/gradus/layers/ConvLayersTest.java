package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static dev.gradus.layers.LayerTesting.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvLayersTest {
    static final Tensor X1 = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4, 1);

    static Conv1D conv1d(String padding, int stride) {
        Conv1D c = new Conv1D(1, 2).padding(padding).strides(stride);
        c.buildFor(1, 4, 1);
        c.setWeights(List.of(Tensor.of(new float[] {1, 2}, 2, 1, 1), Tensor.of(new float[] {0.5f}, 1)));
        return c;
    }

    @Test
    void conv1dIsACrossCorrelationWithKerasPaddings() {
        // out[t] = x[t] * 1 + x[t + 1] * 2 + 0.5
        assertValues(conv1d("valid", 1).apply(X1), new double[] {5.5, 8.5, 11.5}, 1e-6);
        assertValues(conv1d("valid", 2).apply(X1), new double[] {5.5, 11.5}, 1e-6);
        // "same" pads the end (TF's rule: the extra padding goes after)
        assertValues(conv1d("same", 1).apply(X1), new double[] {5.5, 8.5, 11.5, 4.5}, 1e-6);
        // "causal" pads the start, so output t sees steps up to t only
        assertValues(conv1d("causal", 1).apply(X1), new double[] {2.5, 5.5, 8.5, 11.5}, 1e-6);
    }

    @Test
    void conv2dValuesAndActivation() {
        Conv2D c = new Conv2D(1, 2).activation("relu").kernelInitializer("ones").biasInitializer(new dev.gradus.initializers.Constant(-13));
        Tensor y = c.apply(seq(1, 1, 3, 3, 1));
        // window sums 12, 16, 24, 28 minus 13, then relu
        assertThat(y.shape().dims()).containsExactly(1, 2, 2, 1);
        assertValues(y, new double[] {0, 3, 11, 15}, 1e-6);
        assertThat(c.kernel().shape().dims()).containsExactly(2, 2, 1, 1);
        assertThat(c.weights()).extracting(v -> v.name()).containsExactly(c.name() + "/kernel", c.name() + "/bias");
    }

    @Test
    void mnistConvnetShapesAndParameterCounts() {
        KerasTensor in = Input.of(28, 28, 1);
        Conv2D c1 = new Conv2D(32, 3, 3).activation("relu");
        KerasTensor h = c1.apply(in);
        assertThat(h.shape()).containsExactly(-1, 26, 26, 32);
        assertThat(c1.countParams()).isEqualTo(320);
        h = new MaxPooling2D(2, 2).apply(h);
        assertThat(h.shape()).containsExactly(-1, 13, 13, 32);
        Conv2D c2 = new Conv2D(64, 3, 3).activation("relu");
        h = c2.apply(h);
        assertThat(h.shape()).containsExactly(-1, 11, 11, 64);
        assertThat(c2.countParams()).isEqualTo(18_496);
        h = new MaxPooling2D(2, 2).apply(h);
        assertThat(h.shape()).containsExactly(-1, 5, 5, 64);
        assertThat(new Flatten().apply(h).shape()).containsExactly(-1, 1600);
        assertThat(c1.name()).startsWith("conv2d");
        // "same" and strides: ceil(28 / 2)
        assertThat(new Conv2D(8, 5).padding("same").strides(2).apply(in).shape()).containsExactly(-1, 14, 14, 8);
        assertThat(new Conv2D(8, 3).dilationRate(2).apply(in).shape()).containsExactly(-1, 24, 24, 8);
    }

    @Test
    void groupsAreIndependentConvolutionsOverChannelSlices() {
        Tensor x = Tensor.randomNormal(1, 2, 6, 4);
        Conv1D grouped = new Conv1D(6, 3).groups(2).biasInitializer("random_normal");
        Tensor y = grouped.apply(x);
        assertThat(grouped.kernel().shape().dims()).containsExactly(3, 2, 6);
        Tensor k = grouped.kernel().value(), b = grouped.bias().value();
        Tensor y0 = Ops.add(Ops.conv1d(x.slice(2, 0, 2), k.slice(2, 0, 3), 1, "valid", 1), b.slice(0, 0, 3));
        Tensor y1 = Ops.add(Ops.conv1d(x.slice(2, 2, 4), k.slice(2, 3, 6), 1, "valid", 1), b.slice(0, 3, 6));
        assertThat(y.allClose(Ops.concat(List.of(y0, y1), 2), 1e-5, 1e-6)).isTrue();
        assertThatThrownBy(() -> new Conv1D(5, 3).groups(2).apply(x)).hasMessageContaining("filters must be evenly divisible");
        assertThatThrownBy(() -> new Conv1D(6, 3).groups(3).apply(x)).hasMessageContaining("input channels must be evenly divisible");
    }

    @Test
    void channelsFirstMatchesChannelsLastOnTransposedData() {
        Tensor x = Tensor.randomNormal(2, 2, 5, 6, 3);
        Conv2D last = new Conv2D(4, 3).strides(2).padding("same").kernelInitializer(new dev.gradus.initializers.GlorotUniform().seed(1));
        Conv2D first = new Conv2D(4, 3).strides(2).padding("same").dataFormat("channels_first")
                .kernelInitializer(new dev.gradus.initializers.GlorotUniform().seed(1));
        Tensor yl = last.apply(x);
        Tensor yf = first.apply(Ops.transpose(x, 0, 3, 1, 2));
        assertThat(yf.allClose(Ops.transpose(yl, 0, 3, 1, 2), 1e-5, 1e-6)).isTrue();
        assertThat(first.computeOutputShape(new int[] {-1, 3, 5, 6})).containsExactly(-1, 4, 3, 3);
    }

    @Test
    void gradientsFlowToTheInputs() {
        Conv2D c = new Conv2D(2, 2).activation("tanh").biasInitializer("random_normal");
        c.buildFor(1, 3, 4, 2);
        GradCheck.check1(c::apply, Tensor.randomNormal(9, 1, 3, 4, 2));
        Conv1D causal = new Conv1D(2, 3).padding("causal").dilationRate(2);
        causal.buildFor(2, 7, 1);
        GradCheck.check1(causal::apply, Tensor.randomNormal(10, 2, 7, 1));
    }

    @Test
    void configsAreKerasAndRoundTrip() {
        Map<String, Object> cfg = new Conv2D(32, 3).getConfig();
        assertThat(cfg.keySet()).containsExactly("name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding",
                "data_format", "dilation_rate", "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint");
        assertThat(cfg).containsEntry("kernel_size", List.of(3, 3)).containsEntry("strides", List.of(1, 1))
                .containsEntry("padding", "valid").containsEntry("activation", "linear").containsEntry("data_format", "channels_last");
        assertThat(((Map<?, ?>) cfg.get("kernel_initializer")).get("class_name")).isEqualTo("GlorotUniform");
        roundTrip(new Conv2D(16, 5, 3).strides(2, 1).padding("same").activation("relu").useBias(false)
                .kernelRegularizer("l2").kernelConstraint("max_norm").biasInitializer("ones"));
        roundTrip(new Conv1D(8, 3).padding("causal").dilationRate(2).groups(2).activation("gelu"));
        Conv1D restored = (Conv1D) Layers.get(Layers.serialize(new Conv1D(4, 5).name("c1")));
        assertThat(restored.name()).isEqualTo("c1");
        assertThat(restored.getConfig().get("kernel_size")).isEqualTo(List.of(5));
    }

    @Test
    void badInputFailsClearly() {
        assertThatThrownBy(() -> new Conv2D(8, 3).apply(Tensor.zeros(2, 28, 28))).hasMessageContaining("expected ndim=4, found ndim=3")
                .hasMessageContaining("(2, 28, 28)");
        assertThatThrownBy(() -> new Conv2D(0, 3)).hasMessageContaining("filters must be >= 1, got 0");
        assertThatThrownBy(() -> new Conv2D(8, 3, 3, 3)).hasMessageContaining("kernel_size").hasMessageContaining("2 integers");
        assertThatThrownBy(() -> new Conv2D(8, 3).padding("causal")).hasMessageContaining("padding must be one of [valid, same]");
        assertThatThrownBy(() -> new Conv2D(8, 3).strides(2).dilationRate(2).apply(Tensor.zeros(1, 9, 9, 1)))
                .hasMessageContaining("`strides > 1` not supported in conjunction with `dilation_rate > 1`");
        Conv2D built = new Conv2D(4, 3);
        built.apply(Tensor.zeros(1, 5, 5, 2));
        assertThatThrownBy(() -> built.apply(Tensor.zeros(1, 5, 5, 3))).hasMessageContaining("built for 2 input channels");
        assertThatThrownBy(() -> new Conv2D(4, 3).dataFormat("channels_middle")).hasMessageContaining("data_format must be one of");
    }
}
