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

/** UpSampling1D/2D, ZeroPadding1D/2D and Cropping1D/2D (issue #19). */
class ResamplingLayersTest {

    @Test
    void upSamplingNearestRepeatsStepsRowsAndColumns() {
        assertValues(new UpSampling1D(3).apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2)),
                new double[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, 0);
        Tensor y = new UpSampling2D(2, 1).apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));
        assertThat(y.shape().dims()).containsExactly(1, 4, 2, 1);
        assertValues(y, new double[] {1, 2, 1, 2, 3, 4, 3, 4}, 0);
        Tensor first = new UpSampling2D(2).dataFormat("channels_first").apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        assertValues(first, new double[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, 0);
        assertThat(new UpSampling2D(3, 2).computeOutputShape(new int[] {-1, 4, -1, 3})).containsExactly(-1, 12, -1, 3);
        assertThat(new UpSampling1D().apply(Input.of(5, 3)).shape()).containsExactly(-1, 10, 3);
    }

    @Test
    void upSamplingBilinearIsHalfPixelResize() {
        // half-pixel centres: output columns sample -0.25, 0.25, 0.75, 1.25 (edges clamp to the border pixel)
        Tensor y = new UpSampling2D(2).interpolation(Interpolation.BILINEAR).apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1));
        assertValues(y, new double[] {
                1, 1.25, 1.75, 2,
                1.5, 1.75, 2.25, 2.5,
                2.5, 2.75, 3.25, 3.5,
                3, 3.25, 3.75, 4}, 1e-6);
        UpSampling2D bicubic = new UpSampling2D(2, 3).interpolation("bicubic");
        Tensor x = Tensor.randomNormal(3, 2, 3, 2, 2);
        assertThat(bicubic.apply(x).allClose(Ops.resize(x, 6, 6, "bicubic", false, null), 1e-6, 1e-6)).isTrue();
        assertThatThrownBy(() -> new UpSampling2D().interpolation("area")).hasMessageContaining("interpolation");
    }

    @Test
    void zeroPaddingAddsZerosOnEachSide() {
        Tensor y = new ZeroPadding2D(new int[][] {{1, 0}, {0, 2}}).apply(Tensor.of(new float[] {1, 2}, 1, 1, 2, 1));
        assertThat(y.shape().dims()).containsExactly(1, 2, 4, 1);
        assertValues(y, new double[] {0, 0, 0, 0, 1, 2, 0, 0}, 0);
        assertValues(new ZeroPadding1D(1, 2).apply(Tensor.of(new float[] {5, 6}, 1, 2, 1)), new double[] {0, 5, 6, 0, 0}, 0);
        assertThat(new ZeroPadding2D().apply(Input.of(28, 28, 3)).shape()).containsExactly(-1, 30, 30, 3);
        assertThat(new ZeroPadding2D(1, 2).apply(Input.of(28, 28, 3)).shape()).containsExactly(-1, 30, 32, 3);
        assertThat(new ZeroPadding2D(3).dataFormat("channels_first").apply(Input.of(3, 28, 20)).shape())
                .containsExactly(-1, 3, 34, 26);
        assertThat(new ZeroPadding1D().apply(Input.of(7, 2)).shape()).containsExactly(-1, 9, 2);
        assertThatThrownBy(() -> new ZeroPadding2D(1, 2, 3)).hasMessageContaining("`padding`");
        assertThatThrownBy(() -> new ZeroPadding1D(-1)).hasMessageContaining(">= 0");
    }

    @Test
    void croppingRemovesRowsAndColumns() {
        // seq(1, (1, 3, 4, 1)) is 1..12 row by row: keeping row 1, column 1 leaves 6
        Tensor y = new Cropping2D(new int[][] {{1, 1}, {1, 2}}).apply(seq(1, 1, 3, 4, 1));
        assertThat(y.shape().dims()).containsExactly(1, 1, 1, 1);
        assertValues(y, new double[] {6}, 0);
        assertValues(new Cropping1D().apply(seq(1, 1, 4, 1)), new double[] {2, 3}, 0);
        assertValues(new Cropping1D(0, 2).apply(seq(1, 1, 4, 1)), new double[] {1, 2}, 0);
        assertThat(new Cropping2D(2).apply(Input.of(28, 20, 3)).shape()).containsExactly(-1, 24, 16, 3);
        assertThat(new Cropping2D(1, 3).dataFormat("channels_first").apply(Input.of(3, 28, 20)).shape())
                .containsExactly(-1, 3, 26, 14);
        assertThatThrownBy(() -> new Cropping2D(2).apply(Input.of(4, 8, 1))).hasMessageContaining("cropping")
                .hasMessageContaining("(None, 4, 8, 1)");
        assertThatThrownBy(() -> new Cropping1D(2).apply(seq(1, 1, 4, 1))).hasMessageContaining("too high");
    }

    @Test
    void gradientsByFiniteDifferences() {
        GradCheck.check1(new UpSampling2D(2, 3).interpolation("bilinear")::apply, Tensor.randomNormal(1, 1, 2, 3, 2));
        GradCheck.check1(new UpSampling2D(2)::apply, Tensor.randomNormal(2, 1, 2, 2, 1));
        GradCheck.check1(new UpSampling1D(2)::apply, Tensor.randomNormal(3, 2, 3, 1));
        GradCheck.check1(new ZeroPadding2D(1, 2)::apply, Tensor.randomNormal(4, 1, 2, 2, 1));
        GradCheck.check1(new ZeroPadding1D(0, 1)::apply, Tensor.randomNormal(5, 1, 2, 2));
        GradCheck.check1(new Cropping2D(new int[][] {{0, 1}, {1, 0}})::apply, Tensor.randomNormal(6, 1, 3, 3, 2));
        GradCheck.check1(new Cropping1D(1, 0)::apply, Tensor.randomNormal(7, 2, 3, 1));
    }

    @Test
    void configsAreKerasAndRoundTrip() {
        assertThat(new ZeroPadding2D().getConfig()).containsEntry("padding", List.of(List.of(1, 1), List.of(1, 1)))
                .containsEntry("data_format", "channels_last");
        assertThat(new ZeroPadding1D(2).getConfig()).containsEntry("padding", List.of(2, 2)).doesNotContainKey("data_format");
        assertThat(new Cropping2D().getConfig()).containsEntry("cropping", List.of(List.of(0, 0), List.of(0, 0)));
        assertThat(new Cropping1D().getConfig()).containsEntry("cropping", List.of(1, 1));
        assertThat(new UpSampling2D().getConfig().keySet()).containsExactly("name", "trainable", "dtype", "size", "data_format",
                "interpolation");
        assertThat(new UpSampling1D().getConfig()).containsEntry("size", 2);
        roundTrip(new UpSampling2D(3, 2).interpolation("bilinear").dataFormat("channels_first"));
        roundTrip(new UpSampling1D(4));
        roundTrip(new ZeroPadding2D(new int[][] {{1, 2}, {3, 4}}));
        roundTrip(new ZeroPadding1D(3, 1));
        roundTrip(new Cropping2D(1, 2).dataFormat("channels_first"));
        roundTrip(new Cropping1D(0, 3));
        // Keras's short forms in a config: an int, or one int per axis
        assertThat(ZeroPadding2D.fromConfig(new java.util.HashMap<>(Map.of("padding", 2))).getConfig())
                .containsEntry("padding", List.of(List.of(2, 2), List.of(2, 2)));
        assertThat(Cropping2D.fromConfig(new java.util.HashMap<>(Map.of("cropping", List.of(1, 3)))).getConfig())
                .containsEntry("cropping", List.of(List.of(1, 1), List.of(3, 3)));
        for (Layer l : List.of(new UpSampling2D(), new ZeroPadding2D(), new Cropping1D())) assertThat(l.countParams()).isZero();
    }
}
