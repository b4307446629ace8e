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
import org.junit.jupiter.api.Test;

class PoolingLayersTest {
    static final Tensor STEPS = Tensor.of(new float[] {1, 3, 2, 5, 4}, 1, 5, 1);

    @Test
    void oneDimensionalPooling() {
        assertValues(new MaxPooling1D().apply(STEPS), new double[] {3, 5}, 0);
        assertValues(new MaxPooling1D().padding("same").apply(STEPS), new double[] {3, 5, 4}, 0);
        assertValues(new AveragePooling1D().apply(STEPS), new double[] {2, 3.5}, 1e-6);
        // "same" averages only the real elements of the last window
        assertValues(new AveragePooling1D().padding("same").apply(STEPS), new double[] {2, 3.5, 4}, 1e-6);
        assertValues(new MaxPooling1D(3).strides(1).apply(STEPS), new double[] {3, 5, 5}, 0);
        assertThat(new MaxPooling1D(2).apply(Input.of(10, 3)).shape()).containsExactly(-1, 5, 3);
    }

    @Test
    void twoDimensionalPooling() {
        Tensor x = seq(1, 1, 4, 4, 1);
        assertValues(new MaxPooling2D().apply(x), new double[] {6, 8, 14, 16}, 0);
        assertValues(new AveragePooling2D(2, 2).apply(x), new double[] {3.5, 5.5, 11.5, 13.5}, 1e-6);
        assertValues(new MaxPooling2D(3, 3).strides(1, 1).apply(x), new double[] {11, 12, 15, 16}, 0);
        assertThat(new AveragePooling2D(3).padding("same").strides(2).apply(Input.of(7, 7, 5)).shape()).containsExactly(-1, 4, 4, 5);
        // channels_first gives the transposed result
        Tensor xr = Tensor.randomNormal(3, 2, 4, 6, 3);
        Tensor last = new MaxPooling2D().apply(xr);
        Tensor first = new MaxPooling2D().dataFormat("channels_first").apply(Ops.transpose(xr, 0, 3, 1, 2));
        assertThat(first).isEqualTo(Ops.transpose(last, 0, 3, 1, 2));
        GradCheck.check1(t -> new AveragePooling2D().apply(t), Tensor.randomNormal(4, 1, 4, 4, 2));
        GradCheck.check1(t -> new AveragePooling1D(2).strides(1).apply(t), Tensor.randomNormal(5, 2, 5, 2));
    }

    @Test
    void globalPooling() {
        Tensor x = Tensor.of(new double[][][] {{{1, -1}, {3, 5}, {2, 0}}});
        assertValues(new GlobalAveragePooling1D().apply(x), new double[] {2, 4.0 / 3}, 1e-6);
        assertValues(new GlobalMaxPooling1D().apply(x), new double[] {3, 5}, 0);
        assertThat(new GlobalMaxPooling1D().keepdims(true).apply(x).shape().dims()).containsExactly(1, 1, 2);
        Tensor img = seq(1, 2, 2, 3, 2);
        Tensor avg = new GlobalAveragePooling2D().apply(img);
        assertThat(avg.shape().dims()).containsExactly(2, 2);
        assertValues(avg, new double[] {6, 7, 18, 19}, 1e-5);
        assertValues(new GlobalMaxPooling2D().apply(img), new double[] {11, 12, 23, 24}, 0);
        assertThat(new GlobalAveragePooling2D().keepdims(true).apply(Input.of(7, 7, 16)).shape()).containsExactly(-1, 1, 1, 16);
        assertThat(new GlobalAveragePooling2D().dataFormat("channels_first").apply(Input.of(16, 7, 7)).shape()).containsExactly(-1, 16);
        assertThat(new GlobalAveragePooling1D().name()).startsWith("global_average_pooling1d");
    }

    @Test
    void configsAreKerasAndRoundTrip() {
        assertThat(new MaxPooling2D().getConfig()).containsEntry("pool_size", List.of(2, 2)).containsEntry("strides", List.of(2, 2))
                .containsEntry("padding", "valid").containsEntry("data_format", "channels_last");
        assertThat(new MaxPooling2D().getConfig().keySet()).containsExactly("name", "trainable", "dtype", "pool_size", "padding", "strides", "data_format");
        roundTrip(new MaxPooling1D(3).strides(2).padding("same"));
        roundTrip(new AveragePooling1D());
        roundTrip(new MaxPooling2D(3, 2).strides(1, 2).dataFormat("channels_first"));
        roundTrip(new AveragePooling2D(2));
        roundTrip(new GlobalAveragePooling1D().keepdims(true));
        roundTrip(new GlobalMaxPooling2D().dataFormat("channels_first"));
        roundTrip(new GlobalAveragePooling2D());
        roundTrip(new GlobalMaxPooling1D());
        assertThat(new GlobalMaxPooling2D().getConfig()).containsEntry("keepdims", false);
    }

    @Test
    void badInputFailsClearly() {
        assertThatThrownBy(() -> new MaxPooling2D().apply(Tensor.zeros(2, 4, 4))).hasMessageContaining("expected ndim=4, found ndim=3");
        assertThatThrownBy(() -> new GlobalAveragePooling1D().apply(Tensor.zeros(2, 4))).hasMessageContaining("expected ndim=3, found ndim=2");
        assertThatThrownBy(() -> new MaxPooling2D(0)).hasMessageContaining("pool_size");
        assertThatThrownBy(() -> new MaxPooling1D().padding("full")).hasMessageContaining("padding must be one of [valid, same]");
        assertThatThrownBy(() -> new MaxPooling2D(5).apply(Input.of(3, 3, 1))).hasMessageContaining("does not fit");
    }
}
