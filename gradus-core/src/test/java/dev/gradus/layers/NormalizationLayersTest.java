package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalizationLayersTest {
    // columns: mean 4 and 5, population variance 5 each
    static final Tensor X = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});

    @Test
    void batchNormTrainsOnBatchStatisticsAndMovesTheMovingOnes() {
        BatchNormalization bn = new BatchNormalization();
        Tensor y = bn.apply(X, true);
        double s = Math.sqrt(5 + 1e-3);
        assertValues(y, new double[] {-3 / s, -3 / s, -1 / s, -1 / s, 1 / s, 1 / s, 3 / s, 3 / s}, 1e-6);
        // moving = moving * 0.99 + batch * 0.01
        assertValues(bn.movingMean().value(), new double[] {0.04, 0.05}, 1e-7);
        assertValues(bn.movingVariance().value(), new double[] {1.04, 1.04}, 1e-6);
        // inference uses the moving statistics
        Tensor inf = bn.apply(X, false);
        assertValues(inf.slice(0, 0, 1), new double[] {(1 - 0.04) / Math.sqrt(1.041), (2 - 0.05) / Math.sqrt(1.041)}, 1e-6);
        assertValues(bn.movingMean().value(), new double[] {0.04, 0.05}, 1e-7);
    }

    @Test
    void batchNormWeightsGammaBetaThenMovingStatistics() {
        BatchNormalization bn = new BatchNormalization().momentum(0.5).gammaInitializer(new dev.gradus.initializers.Constant(2))
                .betaInitializer("ones");
        Tensor y = bn.apply(Tensor.of(new double[][][] {{{0, 10}}, {{2, 30}}}), true);
        assertValues(y, new double[] {2 * -1 / Math.sqrt(1.001) + 1, 2 * -10 / Math.sqrt(100.001) + 1,
                2 * 1 / Math.sqrt(1.001) + 1, 2 * 10 / Math.sqrt(100.001) + 1}, 1e-5);
        assertThat(bn.weights()).extracting(Variable::name).containsExactly(bn.name() + "/gamma", bn.name() + "/beta",
                bn.name() + "/moving_mean", bn.name() + "/moving_variance");
        assertThat(bn.trainableWeights()).hasSize(2);
        assertThat(bn.nonTrainableWeights()).hasSize(2);
        assertThat(bn.countParams()).isEqualTo(8);
        assertValues(bn.movingMean().value(), new double[] {0.5, 10}, 1e-6);
        assertValues(bn.movingVariance().value(), new double[] {1, 50.5}, 1e-5);
    }

    @Test
    void frozenBatchNormRunsInInferenceMode() {
        BatchNormalization bn = new BatchNormalization();
        bn.buildFor(4, 2);
        bn.trainable(false);
        assertThat(bn.apply(X, true)).isEqualTo(bn.apply(X, false));
        assertValues(bn.movingMean().value(), new double[] {0, 0}, 0);
        assertThat(bn.trainableWeights()).isEmpty();
    }

    @Test
    void batchNormGradients() {
        BatchNormalization bn = new BatchNormalization().axis(1).betaInitializer("random_normal").gammaInitializer("random_normal");
        bn.buildFor(3, 2, 2);
        GradCheck.check1(t -> bn.apply(t, true), Tensor.randomNormal(4, 3, 2, 2));
        GradCheck.check1(t -> bn.apply(t, false), Tensor.randomNormal(5, 3, 2, 2));
        // gamma's gradient of sum(y * w) is sum(w * x_hat) per feature
        Tensor w = Tensor.randomNormal(6, 4, 2);
        try (GradientTape tape = new GradientTape()) {
            BatchNormalization fresh = new BatchNormalization();
            Tensor loss = Ops.sum(Ops.mul(fresh.apply(X, true), w));
            tape.close();
            Tensor g = tape.gradient(loss, List.of(fresh.gamma())).get(0);
            Tensor xHat = Ops.div(Ops.sub(X, Tensor.of(new double[] {4, 5})), Math.sqrt(5.001));
            assertThat(g.allClose(Ops.sum(Ops.mul(w, xHat), 0), 1e-5, 1e-5)).isTrue();
        }
    }

    @Test
    void layerNormNormalisesEachSample() {
        LayerNormalization ln = new LayerNormalization();
        Tensor x = Tensor.of(new double[][] {{1, 2, 3, 4}, {2, 2, 2, 2}});
        double s = Math.sqrt(1.25 + 1e-3);
        assertValues(ln.apply(x), new double[] {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s, 0, 0, 0, 0}, 1e-6);
        assertThat(ln.weights()).extracting(Variable::name).containsExactly(ln.name() + "/gamma", ln.name() + "/beta");
        // the same at training time
        assertThat(ln.apply(x, true)).isEqualTo(ln.apply(x, false));
        LayerNormalization rms = new LayerNormalization().rmsScaling(true);
        assertValues(rms.apply(x.slice(0, 0, 1)), new double[] {1 / s, 2 / s, 3 / s, 4 / s}, 1e-6);
        assertThat(rms.weights()).hasSize(1);
        // over two axes: one mean and variance per sample
        LayerNormalization two = new LayerNormalization().axis(1, 2);
        Tensor y = two.apply(Tensor.of(new double[][][] {{{1, 2}, {3, 4}}}));
        assertValues(y, new double[] {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, 1e-6);
        assertThat(two.gamma().shape().dims()).containsExactly(2, 2);
        LayerNormalization g = new LayerNormalization().gammaInitializer("random_normal").betaInitializer("random_normal");
        g.buildFor(2, 5);
        GradCheck.check1(g::apply, Tensor.randomNormal(7, 2, 5));
    }

    @Test
    void configsAreKerasAndRoundTrip() {
        Map<String, Object> bn = new BatchNormalization().getConfig();
        assertThat(bn).containsEntry("axis", -1).containsEntry("momentum", 0.99).containsEntry("epsilon", 0.001)
                .containsEntry("center", true).containsEntry("scale", true).containsEntry("synchronized", false);
        assertThat(((Map<?, ?>) bn.get("moving_variance_initializer")).get("class_name")).isEqualTo("Ones");
        roundTrip(new BatchNormalization().axis(1).momentum(0.9).epsilon(1e-5).center(false).gammaRegularizer("l2"));
        assertThat(new LayerNormalization().getConfig()).containsEntry("axis", -1).containsEntry("rms_scaling", false);
        assertThat(new LayerNormalization().axis(1, 2).getConfig()).containsEntry("axis", List.of(1, 2));
        roundTrip(new LayerNormalization().axis(1, 2).epsilon(1e-6).scale(false));
        roundTrip(new LayerNormalization().rmsScaling(true).betaConstraint("non_neg"));
        assertThat(new BatchNormalization().name()).startsWith("batch_normalization");
    }

    @Test
    void badInputFailsClearly() {
        BatchNormalization bn = new BatchNormalization();
        bn.apply(X, true);
        assertThatThrownBy(() -> bn.apply(Tensor.zeros(4, 3))).hasMessageContaining("built for 2 features");
        assertThatThrownBy(() -> bn.apply(Tensor.zeros(4, 2, 1))).hasMessageContaining("expected ndim=2, found ndim=3");
        assertThatThrownBy(() -> new BatchNormalization().momentum(1.5)).hasMessageContaining("momentum must be in [0.0, 1.0], got 1.5");
        assertThatThrownBy(() -> new LayerNormalization().epsilon(0)).hasMessageContaining("epsilon must be > 0");
        assertThatThrownBy(() -> new BatchNormalization().axis(3).apply(X)).hasMessageContaining("axis");
        assertThatThrownBy(() -> Layers.get(Map.of("class_name", "BatchNormalization", "config", Map.of("synchronized", true))))
                .hasMessageContaining("synchronized=True is not supported");
    }
}
