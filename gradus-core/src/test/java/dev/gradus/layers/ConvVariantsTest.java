package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static dev.gradus.layers.LayerTesting.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conv1DTranspose/Conv2DTranspose, DepthwiseConv1D/2D and SeparableConv1D/2D (issue #19). */
class ConvVariantsTest {

    static double dot(Tensor a, Tensor b) {
        return Ops.sum(Ops.mul(a, b)).item();
    }

    @Test
    void conv2dTransposeScattersEachPixelTimesTheKernel() {
        // stride 2 "valid" with a 2x2 kernel: every input pixel writes x * kernel into its own 2x2 block
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
        Tensor k = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2, 1, 1);
        Tensor y = Ops.conv2dTranspose(x, k, new int[] {2, 2}, "valid", null, new int[] {1, 1});
        assertThat(y.shape().dims()).containsExactly(1, 4, 4, 1);
        assertValues(y, new double[] {1, 2, 2, 4, 3, 4, 6, 8, 3, 6, 4, 8, 9, 12, 12, 16}, 1e-6);
    }

    @Test
    void conv1dTransposeLengthsAndValuesWithOutputPadding() {
        // x = [1, 2], kernel [1, 2, 3], stride 2: the full scatter is [1, 2, 1*3 + 2*1, 4, 6]
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 2, 1);
        Tensor k = Tensor.of(new float[] {1, 2, 3}, 3, 1, 1);
        assertValues(Ops.conv1dTranspose(x, k, 2, "valid", null, 1), new double[] {1, 2, 5, 4, 6}, 1e-6);
        // "same": in * stride = 4, the scatter cut after 4
        assertValues(Ops.conv1dTranspose(x, k, 2, "same", null, 1), new double[] {1, 2, 5, 4}, 1e-6);
        // "same" with output_padding 0: (in - 1) * s + k % 2 + 0 = 3, cut one from each side (JAX's padding (1, 1))
        assertValues(Ops.conv1dTranspose(x, k, 2, "same", 0, 1), new double[] {2, 5, 4}, 1e-6);
        assertValues(Ops.conv1dTranspose(x, k, 2, "same", 1, 1), new double[] {1, 2, 5, 4}, 1e-6);
        // "valid" with output padding 1: one more zero-fed position at the end
        assertValues(Ops.conv1dTranspose(x, k, 2, "valid", 1, 1), new double[] {1, 2, 5, 4, 6, 0}, 1e-6);
        // dilation 2 spreads the taps: kernel [1, 0, 2, 0, 3]
        assertValues(Ops.conv1dTranspose(x, k, 1, "valid", null, 2), new double[] {1, 2, 2, 4, 3, 6}, 1e-6);
        assertThatThrownBy(() -> Ops.conv1dTranspose(x, k, 2, "same", 2, 1)).hasMessageContaining("smaller than the stride");
        assertThatThrownBy(() -> Ops.conv1dTranspose(x, Tensor.ones(3, 1, 2), 2, "same", null, 1))
                .hasMessageContaining("input channels");
    }

    @Test
    void conv2dTransposeIsTheAdjointOfConv2d() {
        // <conv(a, k), b> = <a, conv_transpose(b, k)> for every geometry whose shapes agree
        int[][] cases = {{3, 2, 0}, {3, 2, 1}, {4, 2, 0}, {4, 2, 1}, {2, 2, 1}, {5, 3, 0}, {5, 3, 1}, {1, 2, 1}, {3, 1, 1}};
        long seed = 1;
        for (int[] c : cases) {
            int kernel = c[0], s = c[1];
            String padding = c[2] == 1 ? "same" : "valid";
            Tensor k = Tensor.randomNormal(seed++, kernel, kernel, 3, 2); // (kh, kw, filters, in): conv from 3 to 2 channels
            Tensor b = Tensor.randomNormal(seed++, 2, 3, 4, 2);
            Tensor t = Ops.conv2dTranspose(b, k, new int[] {s, s}, padding, null, new int[] {1, 1});
            Tensor a = Tensor.randomNormal(seed++, t.shape().dims());
            Tensor conv = Ops.conv2d(a, k, new int[] {s, s}, padding, new int[] {1, 1});
            assertThat(conv.shape()).as("kernel %d stride %d %s", kernel, s, padding).isEqualTo(b.shape());
            assertThat(dot(conv, b)).as("kernel %d stride %d %s", kernel, s, padding).isCloseTo(dot(a, t), within(1e-3));
        }
        // dilated, stride 1
        Tensor k = Tensor.randomNormal(40, 3, 2, 3, 2), b = Tensor.randomNormal(41, 1, 4, 5, 2);
        Tensor t = Ops.conv2dTranspose(b, k, new int[] {1, 1}, "valid", null, new int[] {2, 3});
        Tensor a = Tensor.randomNormal(42, t.shape().dims());
        assertThat(dot(Ops.conv2d(a, k, new int[] {1, 1}, "valid", new int[] {2, 3}), b)).isCloseTo(dot(a, t), within(1e-3));
    }

    /** Keras's JAX conv_transpose written out: the input dilated by the stride, padded by (left, right), correlated with the flipped kernel. */
    static float[] jaxConvTranspose(Tensor x, Tensor w, int[] s, int[] d, String padding, int[] outputPadding, int[] outShape) {
        int n = x.dim(0), h = x.dim(1), wd = x.dim(2), in = x.dim(3), kh = w.dim(0), kw = w.dim(1), f = w.dim(2);
        int[] k = {kh, kw}, len = {h, wd}, left = new int[2], out = new int[2];
        for (int a = 0; a < 2; a++) {
            int ek = (k[a] - 1) * d[a] + 1, l, r;
            if (padding.equals("valid")) {
                int op = outputPadding == null ? Math.max(ek, s[a]) - ek : outputPadding[a];
                l = ek - 1;
                r = ek - 1 + op;
            } else {
                int padLen = outputPadding == null ? s[a] + ek - 2 : ek + ek % 2 - 2 + outputPadding[a];
                l = Math.min(padLen / 2 + padLen % 2, ek - 1);
                r = padLen - l;
            }
            left[a] = l;
            out[a] = l + (len[a] - 1) * s[a] + 1 + r - ek + 1;
        }
        outShape[0] = out[0];
        outShape[1] = out[1];
        float[] xv = x.toFloatArray(), wv = w.toFloatArray(), y = new float[n * out[0] * out[1] * f];
        for (int b = 0; b < n; b++) for (int oy = 0; oy < out[0]; oy++) for (int ox = 0; ox < out[1]; ox++) for (int o = 0; o < f; o++) {
            double sum = 0;
            for (int ky = 0; ky < kh; ky++) for (int kx = 0; kx < kw; kx++) {
                int py = oy + ky * d[0] - left[0], px = ox + kx * d[1] - left[1]; // position in the dilated input
                if (py < 0 || px < 0 || py % s[0] != 0 || px % s[1] != 0 || py / s[0] >= h || px / s[1] >= wd) continue;
                int iy = py / s[0], ix = px / s[1];
                for (int c = 0; c < in; c++)
                    sum += xv[((b * h + iy) * wd + ix) * in + c] * wv[(((kh - 1 - ky) * kw + (kw - 1 - kx)) * f + o) * in + c];
            }
            y[((b * out[0] + oy) * out[1] + ox) * f + o] = (float) sum;
        }
        return y;
    }

    @Test
    void conv2dTransposeMatchesJaxsDefinitionInEveryGeometry() {
        long seed = 100;
        for (String padding : List.of("valid", "same"))
            for (int k = 1; k <= 4; k++)
                for (int s = 1; s <= 3; s++)
                    for (int d = 1; d <= 2; d++)
                        for (int op = -1; op < s; op++) {
                            int[] strides = {s, s == 1 ? 2 : 1}, dilation = {d, 1}, outputPadding = op < 0 ? null : new int[] {op, 0};
                            Tensor x = Tensor.randomNormal(seed++, 2, 3, 4, 2), w = Tensor.randomNormal(seed++, k, 2, 3, 2);
                            int[] shape = new int[2];
                            float[] expected = jaxConvTranspose(x, w, strides, dilation, padding, outputPadding, shape);
                            String what = padding + " k=" + k + " s=" + s + " d=" + d + " op=" + op;
                            if (shape[0] < 1 || shape[1] < 1) continue;
                            Tensor y = Ops.conv2dTranspose(x, w, strides, padding, outputPadding, dilation);
                            assertThat(y.shape().dims()).as(what).containsExactly(2, shape[0], shape[1], 3);
                            float[] got = y.toFloatArray();
                            double worst = 0;
                            for (int i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
                            assertThat(worst).as(what).isLessThan(1e-4);
                            assertThat(Ops.convTransposeOutputLength(3, k, s, d, padding, op < 0 ? null : op)).as(what).isEqualTo(shape[0]);
                        }
    }

    @Test
    void transposedConvolutionGradientsByFiniteDifferences() {
        GradCheck.check(xs -> Ops.conv2dTranspose(xs[0], xs[1], new int[] {2, 2}, "same", new int[] {1, 0}, new int[] {1, 1}),
                Tensor.randomNormal(1, 2, 3, 2, 2), Tensor.randomNormal(2, 3, 2, 3, 2));
        GradCheck.check(xs -> Ops.conv1dTranspose(xs[0], xs[1], 3, "valid", null, 1),
                Tensor.randomNormal(3, 2, 3, 2), Tensor.randomNormal(4, 2, 3, 2));
        GradCheck.checkSecondOrder(xs -> Ops.conv2dTranspose(xs[0], xs[1], new int[] {2, 1}, "valid", null, new int[] {1, 1}),
                Tensor.randomNormal(5, 1, 2, 3, 2), Tensor.randomNormal(6, 2, 2, 2, 2));
        Conv2DTranspose layer = new Conv2DTranspose(2, 3).strides(2).padding("same").activation("tanh").biasInitializer("random_normal");
        layer.buildFor(1, 3, 3, 2);
        GradCheck.check1(layer::apply, Tensor.randomNormal(7, 1, 3, 3, 2));
        Conv1DTranspose one = new Conv1DTranspose(2, 3).strides(2).outputPadding(1);
        one.buildFor(2, 4, 3);
        GradCheck.check1(one::apply, Tensor.randomNormal(8, 2, 4, 3));
    }

    @Test
    void conv2dTransposeLayerShapesKernelLayoutAndParams() {
        KerasTensor in = Input.of(7, 7, 8);
        Conv2DTranspose up = new Conv2DTranspose(16, 3).strides(2).padding("same").activation("relu");
        assertThat(up.apply(in).shape()).containsExactly(-1, 14, 14, 16);
        assertThat(up.kernel().shape().dims()).containsExactly(3, 3, 16, 8); // kernel_size + (filters, in_channels), as Keras
        assertThat(up.countParams()).isEqualTo(3 * 3 * 16 * 8 + 16);
        assertThat(up.name()).startsWith("conv2d_transpose");
        assertThat(new Conv2DTranspose(4, 3).apply(in).shape()).containsExactly(-1, 9, 9, 4);
        assertThat(new Conv2DTranspose(4, 3).strides(2).apply(in).shape()).containsExactly(-1, 15, 15, 4);
        assertThat(new Conv2DTranspose(4, 2, 5).strides(3, 2).apply(in).shape()).containsExactly(-1, 21, 17, 4);
        assertThat(new Conv2DTranspose(4, 3).strides(2).padding("same").outputPadding(0).apply(in).shape())
                .containsExactly(-1, 13, 13, 4);
        assertThat(new Conv2DTranspose(4, 3).dilationRate(2).apply(in).shape()).containsExactly(-1, 11, 11, 4);
        assertThat(new Conv1DTranspose(4, 3).strides(2).apply(Input.of(5, 2)).shape()).containsExactly(-1, 11, 4);
        assertThat(new Conv1DTranspose(4, 3).strides(2).computeOutputShape(new int[] {-1, -1, 2})).containsExactly(-1, -1, 4);
        assertThatThrownBy(() -> new Conv2DTranspose(4, 3).strides(2).outputPadding(2).apply(in))
                .hasMessageContaining("`output_padding` must be < `strides`");
        assertThatThrownBy(() -> new Conv2DTranspose(4, 3).strides(2).dilationRate(2).apply(in))
                .hasMessageContaining("dilation_rate > 1");
        assertThatThrownBy(() -> new Conv1DTranspose(4, 3).padding("causal")).hasMessageContaining("padding");
    }

    @Test
    void conv2dTransposeLayerAddsBiasAndHandlesChannelsFirst() {
        Conv2DTranspose last = new Conv2DTranspose(3, 2).strides(2).biasInitializer("random_normal")
                .kernelInitializer(new dev.gradus.initializers.GlorotUniform().seed(3));
        Conv2DTranspose first = new Conv2DTranspose(3, 2).strides(2).dataFormat("channels_first")
                .kernelInitializer(new dev.gradus.initializers.GlorotUniform().seed(3));
        Tensor x = Tensor.randomNormal(9, 2, 3, 2, 4);
        Tensor yl = last.apply(x);
        Tensor yf = first.apply(Ops.transpose(x, 0, 3, 1, 2));
        first.bias().assign(last.bias().value());
        yf = first.apply(Ops.transpose(x, 0, 3, 1, 2));
        Tensor expected = Ops.add(Ops.conv2dTranspose(x, last.kernel().value(), new int[] {2, 2}, "valid", null, new int[] {1, 1}),
                last.bias().value());
        assertThat(yl.allClose(expected, 1e-5, 1e-6)).isTrue();
        assertThat(yf.allClose(Ops.transpose(yl, 0, 3, 1, 2), 1e-5, 1e-6)).isTrue();
        assertThat(first.computeOutputShape(new int[] {-1, 4, 3, 2})).containsExactly(-1, 3, 6, 4);
    }

    @Test
    void depthwiseConvolutionIsAGroupedConvolutionPerChannel() {
        // a depth multiplier m gives channel c the filters c*m .. c*m+m-1: Conv2D with groups = channels
        Tensor x = Tensor.randomNormal(11, 2, 5, 6, 3);
        Tensor k = Tensor.randomNormal(12, 3, 2, 3, 2);
        Tensor dw = Ops.depthwiseConv2d(x, k, new int[] {2, 1}, "same", new int[] {1, 1});
        Conv2D grouped = new Conv2D(6, 3, 2).strides(2, 1).padding("same").groups(3).useBias(false);
        grouped.buildFor(2, 5, 6, 3);
        grouped.setWeights(List.of(Ops.reshape(k, 3, 2, 1, 6)));
        assertThat(dw.shape().dims()).containsExactly(2, 3, 6, 6);
        assertThat(dw.allClose(grouped.apply(x), 1e-5, 1e-5)).isTrue();
        // by hand: channel 0 of seq(1, (1, 2, 2, 2)) is [1, 3, 5, 7], channel 1 [2, 4, 6, 8]; kernel 2x2 of ones and twos
        Tensor kernel = Tensor.of(new float[] {1, 2, 1, 2, 1, 2, 1, 2}, 2, 2, 2, 1);
        assertValues(Ops.depthwiseConv2d(seq(1, 1, 2, 2, 2), kernel, new int[] {1, 1}, "valid", new int[] {1, 1}),
                new double[] {16, 40}, 1e-6);
        Tensor x1 = Tensor.randomNormal(13, 2, 7, 2), k1 = Tensor.randomNormal(14, 3, 2, 3);
        Tensor d1 = Ops.depthwiseConv1d(x1, k1, 1, "valid", 2);
        Tensor d2 = Ops.depthwiseConv2d(Ops.reshape(x1, 2, 1, 7, 2), Ops.reshape(k1, 1, 3, 2, 3), new int[] {1, 1}, "valid", new int[] {1, 2});
        assertThat(d1.shape().dims()).containsExactly(2, 3, 6);
        assertThat(d1.allClose(Ops.reshape(d2, 2, 3, 6), 1e-6, 1e-6)).isTrue();
    }

    @Test
    void depthwiseGradientsByFiniteDifferences() {
        GradCheck.check(xs -> Ops.depthwiseConv2d(xs[0], xs[1], new int[] {2, 2}, "same", new int[] {1, 1}),
                Tensor.randomNormal(1, 2, 4, 5, 3), Tensor.randomNormal(2, 3, 3, 3, 2));
        GradCheck.check(xs -> Ops.depthwiseConv1d(xs[0], xs[1], 1, "same", 2),
                Tensor.randomNormal(3, 1, 6, 2), Tensor.randomNormal(4, 3, 2, 1));
        GradCheck.checkSecondOrder(xs -> Ops.depthwiseConv2d(xs[0], xs[1], new int[] {1, 1}, "valid", new int[] {1, 1}),
                Tensor.randomNormal(5, 1, 3, 3, 2), Tensor.randomNormal(6, 2, 2, 2, 2));
        DepthwiseConv2D dw = new DepthwiseConv2D(2).depthMultiplier(2).activation("tanh").biasInitializer("random_normal");
        dw.buildFor(2, 3, 3, 2);
        GradCheck.check1(dw::apply, Tensor.randomNormal(7, 2, 3, 3, 2));
        SeparableConv2D sep2 = new SeparableConv2D(3, 2).strides(2).depthMultiplier(2).biasInitializer("random_normal");
        sep2.buildFor(1, 4, 5, 2);
        GradCheck.check1(sep2::apply, Tensor.randomNormal(9, 1, 4, 5, 2));
        SeparableConv1D sep = new SeparableConv1D(3, 2).padding("same").activation("sigmoid");
        sep.buildFor(2, 5, 2);
        GradCheck.check1(sep::apply, Tensor.randomNormal(8, 2, 5, 2));
    }

    @Test
    void depthwiseAndSeparableLayersShapesParamsAndValues() {
        KerasTensor in = Input.of(16, 16, 32);
        DepthwiseConv2D dw = new DepthwiseConv2D(3).padding("same");
        assertThat(dw.apply(in).shape()).containsExactly(-1, 16, 16, 32);
        assertThat(dw.countParams()).isEqualTo(3 * 3 * 32 + 32);
        assertThat(dw.depthwiseKernel().shape().dims()).containsExactly(3, 3, 32, 1);
        DepthwiseConv2D dw2 = new DepthwiseConv2D(3).depthMultiplier(2).strides(2).useBias(false);
        assertThat(dw2.apply(in).shape()).containsExactly(-1, 7, 7, 64);
        assertThat(dw2.countParams()).isEqualTo(3 * 3 * 32 * 2);
        SeparableConv2D sep = new SeparableConv2D(64, 3).padding("same");
        assertThat(sep.apply(in).shape()).containsExactly(-1, 16, 16, 64);
        assertThat(sep.countParams()).isEqualTo(3 * 3 * 32 + 32 * 64 + 64);
        assertThat(sep.pointwiseKernel().shape().dims()).containsExactly(1, 1, 32, 64);
        assertThat(sep.weights()).extracting(v -> v.name())
                .containsExactly(sep.name() + "/depthwise_kernel", sep.name() + "/pointwise_kernel", sep.name() + "/bias");
        assertThat(new SeparableConv1D(8, 3).depthMultiplier(2).apply(Input.of(10, 4)).shape()).containsExactly(-1, 8, 8);
        assertThat(new DepthwiseConv1D(3).apply(Input.of(10, 4)).shape()).containsExactly(-1, 8, 4);
        // separable = depthwise, then a 1x1 convolution, then bias and activation
        Tensor x = Tensor.randomNormal(20, 2, 5, 5, 3);
        SeparableConv2D s = new SeparableConv2D(4, 2).depthMultiplier(2).activation("relu").biasInitializer("random_normal");
        Tensor y = s.apply(x);
        Tensor d = Ops.depthwiseConv2d(x, s.depthwiseKernel().value(), new int[] {1, 1}, "valid", new int[] {1, 1});
        Tensor expected = Ops.relu(Ops.add(Ops.conv2d(d, s.pointwiseKernel().value()), s.bias().value()));
        assertThat(y.allClose(expected, 1e-5, 1e-6)).isTrue();
        assertThatThrownBy(() -> new DepthwiseConv2D(3).depthMultiplier(0)).hasMessageContaining("depth_multiplier");
        assertThatThrownBy(() -> new SeparableConv2D(4, 3).strides(2).dilationRate(2).apply(in)).hasMessageContaining("dilation_rate > 1");
    }

    @Test
    void configsHaveKerasKeysAndRoundTrip() {
        assertThat(new Conv2DTranspose(8, 3).getConfig().keySet()).containsExactly("name", "trainable", "dtype", "filters",
                "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation", "use_bias", "kernel_initializer",
                "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                "bias_constraint");
        assertThat(new DepthwiseConv2D(3).getConfig().keySet()).containsExactly("name", "trainable", "dtype", "depth_multiplier",
                "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation", "use_bias",
                "depthwise_initializer", "bias_initializer", "depthwise_regularizer", "bias_regularizer", "activity_regularizer",
                "depthwise_constraint", "bias_constraint");
        assertThat(new SeparableConv2D(8, 3).getConfig().keySet()).containsExactly("name", "trainable", "dtype",
                "depth_multiplier", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation",
                "use_bias", "depthwise_initializer", "pointwise_initializer", "bias_initializer", "depthwise_regularizer",
                "pointwise_regularizer", "bias_regularizer", "activity_regularizer", "depthwise_constraint",
                "pointwise_constraint", "bias_constraint");
        roundTrip(new Conv2DTranspose(8, 3, 2).strides(2, 1).padding("same").outputPadding(1, 0).activation("relu")
                .kernelRegularizer("l2").biasConstraint("non_neg"));
        roundTrip(new Conv1DTranspose(4, 5).dilationRate(2).useBias(false).dataFormat("channels_first"));
        roundTrip(new DepthwiseConv2D(3, 1).depthMultiplier(3).depthwiseRegularizer("l1").depthwiseConstraint("max_norm"));
        roundTrip(new DepthwiseConv1D(3).padding("same").depthwiseInitializer("he_normal"));
        roundTrip(new SeparableConv2D(16, 3).depthMultiplier(2).pointwiseInitializer("ones").pointwiseRegularizer("l2")
                .pointwiseConstraint("unit_norm").activation("gelu"));
        roundTrip(new SeparableConv1D(6, 2).strides(2));
        // a Keras 3 config, as Python writes it (no output_padding key)
        Map<String, Object> keras = Map.of("name", "up", "filters", 4, "kernel_size", List.of(3, 3), "strides", List.of(2, 2),
                "padding", "same", "data_format", "channels_last", "dilation_rate", List.of(1, 1), "activation", "relu",
                "use_bias", true);
        Conv2DTranspose fromKeras = Conv2DTranspose.fromConfig(new java.util.HashMap<>(keras));
        assertThat(fromKeras.apply(Input.of(5, 5, 2)).shape()).containsExactly(-1, 10, 10, 4);
        assertThat(Layers.get(Map.of("class_name", "Convolution2DTranspose", "config", Map.of("filters", 2, "kernel_size", 3))))
                .isInstanceOf(Conv2DTranspose.class);
    }

    @Test
    void summaryPrintsKerasParamCounts() {
        dev.gradus.models.Sequential m = new dev.gradus.models.Sequential(List.of(Input.of(28, 28, 1),
                new Conv2D(16, 3).strides(2).padding("same").name("down"),
                new SeparableConv2D(8, 3).padding("same").name("sep"),
                new DepthwiseConv2D(3).depthMultiplier(2).padding("same").name("dw"),
                new Conv2DTranspose(8, 3).strides(2).padding("same").name("up"),
                new PReLU().sharedAxes(1, 2).name("prelu"),
                new GroupNormalization().groups(4).name("gn"),
                new UpSampling2D(2).name("ups"),
                new Cropping2D(14).name("crop")));
        String summary = m.summary();
        // Keras: 3*3*16 + 16 = 160; 9*16 + 16*8 + 8 = 280; 9*8*2 + 16 = 160; 9*8*16 + 8 = 1,160; 8; 16
        String[][] rows = {{"down (Conv2D)", "(None, 14, 14, 16)", "160"}, {"sep (SeparableConv2D)", "(None, 14, 14, 8)", "280"},
                {"dw (DepthwiseConv2D)", "(None, 14, 14, 16)", "160"}, {"up (Conv2DTranspose)", "(None, 28, 28, 8)", "1,160"},
                {"prelu (PReLU)", "(None, 28, 28, 8)", "8"}, {"gn (GroupNormalization)", "(None, 28, 28, 8)", "16"},
                {"ups (UpSampling2D)", "(None, 56, 56, 8)", "0"}, {"crop (Cropping2D)", "(None, 28, 28, 8)", "0"}};
        for (String[] row : rows) {
            String line = summary.lines().filter(l -> l.contains(row[0])).findFirst().orElseThrow(() -> new AssertionError(summary));
            assertThat(line).contains(row[1]).endsWith(" " + row[2] + " │");
        }
        assertThat(summary).contains("Total params: 1,784");
    }

    @Test
    void noPublicSetterTakesABareObject() {
        for (Class<?> c : List.of(Conv1DTranspose.class, Conv2DTranspose.class, DepthwiseConv1D.class, DepthwiseConv2D.class,
                SeparableConv1D.class, SeparableConv2D.class, UpSampling2D.class, ZeroPadding2D.class, Cropping2D.class, ReLU.class,
                LeakyReLU.class, PReLU.class, ELU.class, Softmax.class, SpatialDropout2D.class, GaussianNoise.class,
                GaussianDropout.class, ActivityRegularization.class, UnitNormalization.class, GroupNormalization.class, Dot.class)) {
            for (java.lang.reflect.Method m : c.getMethods())
                if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == Object.class && !m.getName().equals("equals"))
                    throw new AssertionError(c.getSimpleName() + "." + m.getName() + "(Object) is public");
        }
    }
}
