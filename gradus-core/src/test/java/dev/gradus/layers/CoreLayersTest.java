package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static dev.gradus.layers.LayerTesting.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.testing.GradCheck;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Activation, Dropout, Flatten, Reshape, Permute, RepeatVector. */
class CoreLayersTest {

    @Test
    void activationAppliesItsFunction() {
        Activation relu = new Activation("relu");
        assertValues(relu.apply(Tensor.of(new double[][] {{-1, 2}})), new double[] {0, 2}, 0);
        assertThat(relu.getConfig().get("activation")).isEqualTo("relu");
        assertThat(new Activation(null).getConfig().get("activation")).isEqualTo("linear");
        roundTrip(new Activation("softmax").name("probs"));
        assertThat(relu.apply(Input.of(3, 4)).shape()).containsExactly(-1, 3, 4);
        assertThatThrownBy(() -> new Activation("rel")).hasMessageContaining("Unknown activation: 'rel'");
    }

    @Test
    void dropoutMaskIsTheDrawsBelowKeepOverKeep() {
        // the mask is computed in one pass over the draws; its floats are those of less(uniform, keep) / keep
        for (double rate : new double[] {0.1, 0.3333, 0.5, 0.9}) {
            int[] shape = {5, 7, 3};
            float[] draws = new SeedGenerator(11L).uniformRows(5, 21, true);
            float[] want = dev.gradus.ops.Ops.div(dev.gradus.ops.Ops.less(Tensor.of(draws, shape), 1 - rate), 1 - rate)
                    .toFloatArray();
            float[] got = Dropout.mask(shape, rate, new SeedGenerator(11L), true).toFloatArray();
            assertThat(got).containsExactly(want);
            assertThat(got).contains(0f, 1f / (float) (1 - rate));
        }
    }

    @Test
    void dropoutMaskRowsDrawnInParallelGiveTheSameBitsOnAnyThreadCount() {
        // W5's shape: 32 rows of 6,400 draws, enough for the rows to be split between threads
        int threads = Parallel.threads();
        try {
            int[] shape = {32, 200, 32};
            Parallel.setThreads(1);
            float[] draws = new SeedGenerator(5L).uniformRows(32, 6400, true);
            float[] serial = Dropout.mask(shape, 0.1, new SeedGenerator(5L), true).toFloatArray();
            float[] normals = new SeedGenerator(5L).normalRows(32, 6400, false);
            Parallel.setThreads(2);
            // isEqualTo compares with Arrays.equals (containsExactly's diff of 204,800 floats takes minutes to fail)
            assertThat(new SeedGenerator(5L).uniformRows(32, 6400, true)).isEqualTo(draws);
            assertThat(new SeedGenerator(5L).normalRows(32, 6400, false)).isEqualTo(normals);
            float[] parallel = Dropout.mask(shape, 0.1, new SeedGenerator(5L), true).toFloatArray();
            assertThat(parallel).isEqualTo(serial);
            float kept = 1f / 0.9f;
            float[] want = new float[draws.length];
            for (int i = 0; i < draws.length; i++) want[i] = draws[i] < 0.9f ? kept : 0f;
            assertThat(parallel).isEqualTo(want);
            // every row its own draws: no two rows alike
            assertThat(Arrays.copyOfRange(draws, 0, 6400)).isNotEqualTo(Arrays.copyOfRange(draws, 6400, 12800));
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void dropoutScalesKeptValuesAndPassesThroughAtInference() {
        Tensor x = Tensor.ones(100, 100);
        Dropout d = new Dropout(0.3).seed(7);
        assertThat(d.apply(x)).isEqualTo(x);
        assertThat(d.apply(x, false)).isEqualTo(x);
        float[] y = d.apply(x, true).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0) zeros++;
            else assertThat(v).isCloseTo(1 / 0.7f, within(1e-6f));
        }
        assertThat(zeros / 10000.0).isCloseTo(0.3, within(0.02));
        // a new mask at each call, reproducible from the seed
        Tensor second = d.apply(x, true);
        assertThat(second.toFloatArray()).isNotEqualTo(y);
        Dropout again = new Dropout(0.3).seed(7);
        assertThat(again.apply(x, true).toFloatArray()).isEqualTo(y);
        assertThat(again.apply(x, true)).isEqualTo(second);
        assertThat(new Dropout(1).apply(x, true)).isEqualTo(Tensor.zeros(100, 100));
        assertThat(new Dropout(0).apply(x, true)).isEqualTo(x);
    }

    @Test
    void dropoutNoiseShapeSharesTheMask() {
        // noise_shape (None, 1, 4): one mask per sample and feature, shared over the 5 steps
        Tensor y = new Dropout(0.5).noiseShape(Layer.NONE, 1, 4).seed(3).apply(Tensor.ones(2, 5, 4), true);
        for (int b = 0; b < 2; b++)
            for (int t = 1; t < 5; t++)
                for (int f = 0; f < 4; f++) assertThat(y.get(b, t, f)).isEqualTo(y.get(b, 0, f));
        Dropout d = new Dropout(0.25).noiseShape(Layer.NONE, 1, 4).seed(5);
        assertThat(d.getConfig()).containsEntry("rate", 0.25).containsEntry("seed", 5L)
                .containsEntry("noise_shape", Arrays.asList(null, 1, 4));
        roundTrip(d);
        roundTrip(new Dropout(0.5));
        assertThatThrownBy(() -> new Dropout(0.5).noiseShape(2, 2).apply(Tensor.ones(2, 3), true))
                .hasMessageContaining("does not broadcast");
        assertThatThrownBy(() -> new Dropout(1.5)).hasMessageContaining("rate must be in [0.0, 1.0], got 1.5");
    }

    @Test
    void flattenKeepsTheBatchAxis() {
        Tensor x = seq(0, 2, 3, 4);
        Tensor y = new Flatten().apply(x);
        assertThat(y.shape().dims()).containsExactly(2, 12);
        assertThat(y.toFloatArray()).isEqualTo(x.toFloatArray());
        assertThat(new Flatten().apply(Tensor.of(new double[] {1, 2})).shape().dims()).containsExactly(2, 1);
        // channels_first moves the channels last before flattening: (1, 2 channels, 3) → order c-fastest
        Tensor cf = new Flatten().dataFormat("channels_first").apply(seq(0, 1, 2, 3));
        assertValues(cf, new double[] {0, 3, 1, 4, 2, 5}, 0);
        assertThat(new Flatten().apply(Input.of(5, 5, 64)).shape()).containsExactly(-1, 1600);
        assertThat(new Flatten().getConfig()).containsEntry("data_format", "channels_last");
        roundTrip(new Flatten().dataFormat("channels_first"));
    }

    @Test
    void reshapeInfersOneDimension() {
        Tensor y = new Reshape(3, -1).apply(seq(0, 2, 12));
        assertThat(y.shape().dims()).containsExactly(2, 3, 4);
        assertThat(new Reshape(-1, 2).apply(Input.of(6)).shape()).containsExactly(-1, 3, 2);
        assertThat(new Reshape(2, 3).getConfig().get("target_shape")).isEqualTo(java.util.List.of(2, 3));
        roundTrip(new Reshape(4, -1));
        assertThatThrownBy(() -> new Reshape(5, -1).apply(seq(0, 2, 12))).hasMessageContaining("target_shape (5, -1)")
                .hasMessageContaining("(12,)");
        assertThatThrownBy(() -> new Reshape(-1, -1)).hasMessageContaining("at most one -1");
    }

    @Test
    void permuteAndRepeatVector() {
        Tensor x = seq(0, 1, 2, 3);
        Tensor p = new Permute(2, 1).apply(x);
        assertThat(p.shape().dims()).containsExactly(1, 3, 2);
        assertValues(p, new double[] {0, 3, 1, 4, 2, 5}, 0);
        assertThat(new Permute(2, 1).apply(Input.of(10, 64)).shape()).containsExactly(-1, 64, 10);
        roundTrip(new Permute(3, 1, 2));
        assertThatThrownBy(() -> new Permute(0, 1)).hasMessageContaining("start from 1");

        Tensor r = new RepeatVector(3).apply(Tensor.of(new double[][] {{1, 2}, {3, 4}}));
        assertThat(r.shape().dims()).containsExactly(2, 3, 2);
        assertValues(r, new double[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, 0);
        assertThat(new RepeatVector(4).getConfig()).containsEntry("n", 4);
        roundTrip(new RepeatVector(4));
        GradCheck.check1(t -> new RepeatVector(2).apply(t), Tensor.of(new double[][] {{0.5, -1}}));
        assertThatThrownBy(() -> new RepeatVector(3).apply(seq(0, 1, 2, 2))).hasMessageContaining("expected ndim=2, found ndim=3");
    }

    @Test
    void everyBuiltinIsRegisteredUnderItsKerasName() {
        for (String n : new String[] {"Activation", "Dropout", "Flatten", "Reshape", "Permute", "RepeatVector", "Conv1D", "Conv2D",
                "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling1D",
                "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "BatchNormalization", "LayerNormalization",
                "Embedding", "Add", "Concatenate", "Multiply"})
            assertThat(Layers.names()).contains(n);
        assertThat(Layers.get("Flatten")).isInstanceOf(Flatten.class);
        assertThat(Layers.get(Map.of("class_name", "MaxPool2D", "config", Map.of()))).isInstanceOf(MaxPooling2D.class);
        assertThat(new Flatten().name()).startsWith("flatten");
        // name and trainable keep fluent chains typed
        Conv2D c = new Conv2D(8, 3).name("features").trainable(false).padding("same");
        assertThat(c.name()).isEqualTo("features");
        assertThat(c.trainable()).isFalse();
        Dropout d = new Dropout(0.5).name("drop").seed(1);
        assertThat(d.getConfig()).containsEntry("name", "drop").containsEntry("seed", 1L);
    }
}
