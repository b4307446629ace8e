package dev.gradus.layers;

import static dev.gradus.layers.LayerTesting.assertValues;
import static dev.gradus.layers.LayerTesting.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import dev.gradus.util.StepRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ReLU, LeakyReLU, PReLU, ELU, Softmax; SpatialDropout1D/2D, GaussianNoise, GaussianDropout,
 * ActivityRegularization, UnitNormalization, GroupNormalization (issue #19).
 */
class ActivationAndNoiseLayersTest {
    static final Tensor X = Tensor.of(new float[] {-2, -1, 0, 0.5f, 1, 3, 7}, 1, 7);

    @Test
    void reluFamilyValues() {
        assertValues(new ReLU().apply(X), new double[] {0, 0, 0, 0.5, 1, 3, 7}, 1e-6);
        assertValues(new ReLU().maxValue(6).apply(X), new double[] {0, 0, 0, 0.5, 1, 3, 6}, 1e-6);
        // up to the threshold: negative_slope * (x - threshold); Keras's code keeps x only strictly above it
        assertValues(new ReLU().negativeSlope(0.1).threshold(1).apply(X), new double[] {-0.3, -0.2, -0.1, -0.05, 0, 3, 7}, 1e-6);
        assertValues(new LeakyReLU().apply(X), new double[] {-0.6, -0.3, 0, 0.5, 1, 3, 7}, 1e-6); // Keras 3's default 0.3
        assertValues(new LeakyReLU(0.5).apply(X), new double[] {-1, -0.5, 0, 0.5, 1, 3, 7}, 1e-6);
        assertValues(new ELU(0.5).apply(X), new double[] {0.5 * (Math.exp(-2) - 1), 0.5 * (Math.exp(-1) - 1), 0, 0.5, 1, 3, 7}, 1e-6);
        assertThatThrownBy(() -> new ReLU().maxValue(-1)).hasMessageContaining("max_value");
        assertThatThrownBy(() -> new ReLU().negativeSlope(-1)).hasMessageContaining("negative_slope");
        assertThatThrownBy(() -> new LeakyReLU(-0.1)).hasMessageContaining("negative_slope");
        assertThat(new ReLU().name()).startsWith("re_lu");
        assertThat(new LeakyReLU().name()).startsWith("leaky_re_lu");
        assertThat(new PReLU().name()).startsWith("p_re_lu");
        assertThat(new ELU().name()).startsWith("elu");
    }

    @Test
    void preluLearnsOneSlopePerUnsharedPosition() {
        PReLU p = new PReLU().alphaInitializer(new dev.gradus.initializers.Constant(0.25));
        assertValues(p.apply(Tensor.of(new float[] {-2, 3, -4, 0}, 2, 2)), new double[] {-0.5, 3, -1, 0}, 1e-6);
        PReLU shared = new PReLU().sharedAxes(1, 2);
        assertThat(shared.apply(Input.of(4, 5, 3)).shape()).containsExactly(-1, 4, 5, 3);
        assertThat(shared.alpha().shape().dims()).containsExactly(1, 1, 3);
        assertThat(shared.countParams()).isEqualTo(3);
        PReLU full = new PReLU();
        full.apply(Input.of(4, 5, 3));
        assertThat(full.countParams()).isEqualTo(60);
        assertThat(full.alpha().value().toFloatArray()).containsOnly(0f); // Keras's default "zeros"
        assertThatThrownBy(() -> new PReLU().apply(Input.of(-1, 3))).hasMessageContaining("known size");
        assertThatThrownBy(() -> new PReLU().sharedAxes(0)).hasMessageContaining("shared_axes");
    }

    @Test
    void softmaxOverOneAxisOrSeveral() {
        Tensor x = Tensor.of(new float[] {0, (float) Math.log(3), 1, 1}, 1, 2, 2);
        assertValues(new Softmax().apply(x), new double[] {0.25, 0.75, 0.5, 0.5}, 1e-6);
        // over axis 1: columns [0, 1] and [ln 3, 1]
        double e = Math.E;
        assertValues(new Softmax().axis(1).apply(x), new double[] {1 / (1 + e), 3 / (3 + e), e / (1 + e), e / (3 + e)}, 1e-6);
        Tensor both = new Softmax().axis(1, 2).apply(x);
        assertThat((double) Ops.sum(both).item()).isCloseTo(1.0, within(1e-6));
        assertValues(both, new double[] {1 / (4 + 2 * e), 3 / (4 + 2 * e), e / (4 + 2 * e), e / (4 + 2 * e)}, 1e-6);
    }

    @Test
    void activationGradientsByFiniteDifferences() {
        Tensor x = GradCheck.awayFromZero(1, 0.1, 2, 5);
        GradCheck.check1(new ReLU().maxValue(1.5).negativeSlope(0.2)::apply, x);
        GradCheck.check1(new LeakyReLU()::apply, x);
        GradCheck.check1(new ELU(0.7)::apply, x);
        GradCheck.check1(new Softmax().axis(0)::apply, x);
        GradCheck.check1(new Softmax().axis(0, 1)::apply, x);
        PReLU p = new PReLU().alphaInitializer("random_normal");
        p.buildFor(2, 5);
        GradCheck.check1(p::apply, x);
        // and with respect to alpha
        GradCheck.check(xs -> Ops.sub(Ops.relu(xs[0]), Ops.mul(xs[1], Ops.relu(Ops.neg(xs[0])))), x, Tensor.randomNormal(2, 1, 5));
    }

    @Test
    void gaussianNoiseAndDropoutMomentsAndInference() {
        Tensor x = Tensor.full(2, 200, 100);
        Tensor noisy = new GaussianNoise(0.5).seed(1).apply(x, true);
        Tensor diff = Ops.sub(noisy, x);
        assertThat((double) Ops.mean(diff).item()).isCloseTo(0, within(0.01));
        assertThat((double) Ops.std(diff).item()).isCloseTo(0.5, within(0.01));
        assertThat(new GaussianNoise(0.5).apply(x, false)).isSameAs(x);
        Tensor dropped = new GaussianDropout(0.2).seed(2).apply(x, true);
        Tensor ratio = Ops.div(dropped, x);
        assertThat((double) Ops.mean(ratio).item()).isCloseTo(1, within(0.01));
        assertThat((double) Ops.std(ratio).item()).isCloseTo(Math.sqrt(0.2 / 0.8), within(0.01));
        assertThat(new GaussianDropout(0.2).apply(x, false)).isSameAs(x);
        // seeded: the same sequence of draws; a new draw at each call
        GaussianNoise a = new GaussianNoise(0.1).seed(5), b = new GaussianNoise(0.1).seed(5);
        Tensor a1 = a.apply(x, true), b1 = b.apply(x, true), a2 = a.apply(x, true);
        assertThat(a1.toFloatArray()).isEqualTo(b1.toFloatArray());
        assertThat(a2.toFloatArray()).isNotEqualTo(a1.toFloatArray());
        assertThatThrownBy(() -> new GaussianNoise(1.5)).hasMessageContaining("stddev");
        assertThatThrownBy(() -> new GaussianDropout(-0.1)).hasMessageContaining("rate");
    }

    @Test
    void spatialDropoutDropsWholeChannels() {
        Tensor x = Tensor.ones(64, 10, 8);
        Tensor y = new SpatialDropout1D(0.25).seed(3).apply(x, true);
        float[] v = y.toFloatArray();
        int dropped = 0;
        for (int b = 0; b < 64; b++) for (int c = 0; c < 8; c++) {
            float first = v[(b * 10) * 8 + c];
            assertThat(first == 0f || Math.abs(first - 1 / 0.75f) < 1e-6).isTrue();
            for (int t = 1; t < 10; t++) assertThat(v[(b * 10 + t) * 8 + c]).isEqualTo(first); // one draw for every step
            if (first == 0f) dropped++;
        }
        assertThat(dropped / 512.0).isCloseTo(0.25, within(0.06));
        Tensor img = Tensor.ones(32, 3, 4, 5);
        float[] w = new SpatialDropout2D(0.5).dataFormat("channels_first").seed(4).apply(img, true).toFloatArray();
        for (int bc = 0; bc < 32 * 3; bc++) for (int p = 1; p < 20; p++) assertThat(w[bc * 20 + p]).isEqualTo(w[bc * 20]);
        assertThat(new SpatialDropout2D(0.5).apply(img, false)).isSameAs(img);
        assertThat(new SpatialDropout1D(1).apply(x, true).toFloatArray()).containsOnly(0f);
        assertThatThrownBy(() -> new SpatialDropout1D(0.5).apply(Tensor.ones(2, 3))).hasMessageContaining("expected ndim=3");
    }

    @Test
    void noiseIsKeyedByTheGlobalExampleIndexInsideAStep() {
        // a data-parallel replica holding examples 2..3 draws what one machine draws for them
        Tensor x = Tensor.randomNormal(7, 4, 3, 2);
        for (RandomNoise<?> layer : List.<RandomNoise<?>>of(new GaussianNoise(0.3).seed(9), new GaussianDropout(0.3).seed(9),
                new SpatialDropout1D(0.5).seed(9))) {
            Tensor whole = StepRandom.run(5, 0, () -> layer.apply(x, true));
            Tensor first = StepRandom.run(5, 0, () -> layer.apply(x.slice(0, 0, 2), true));
            Tensor second = StepRandom.run(5, 2, () -> layer.apply(x.slice(0, 2, 4), true));
            assertThat(Ops.concat(List.of(first, second), 0).toFloatArray()).as(layer.getClass().getSimpleName())
                    .isEqualTo(whole.toFloatArray());
            Tensor nextStep = StepRandom.run(6, 0, () -> layer.apply(x, true));
            assertThat(nextStep.toFloatArray()).isNotEqualTo(whole.toFloatArray());
            // inside one step the noise is fixed, so the gradient is that of a fixed function
            GradCheck.check1(t -> StepRandom.run(1, 0, () -> layer.apply(t, true)), x);
        }
    }

    @Test
    void activityRegularizationAddsItsLoss() {
        ActivityRegularization reg = new ActivityRegularization(0.1, 0.01);
        Tensor x = Tensor.of(new float[] {1, -2, 3}, 1, 3);
        assertThat(reg.apply(x)).isSameAs(x);
        assertThat(reg.losses()).hasSize(1);
        assertThat((double) reg.losses().get(0).item()).isCloseTo(0.1 * 6 + 0.01 * 14, within(1e-6));
        assertThat(reg.getConfig()).containsEntry("l1", 0.1).containsEntry("l2", 0.01).doesNotContainKey("activity_regularizer");
        // the gradient of the added loss: l1 * sign(x) + 2 * l2 * x
        GradCheck.check1(t -> {
            reg.apply(t);
            return reg.losses().get(0);
        }, GradCheck.awayFromZero(2, 0.1, 2, 3));
    }

    @Test
    void unitNormalizationValues() {
        assertValues(new UnitNormalization().apply(Tensor.of(new float[] {3, 4, 0, -2}, 2, 2)), new double[] {0.6, 0.8, 0, -1}, 1e-6);
        Tensor y = new UnitNormalization().axis(1, 2).apply(Tensor.of(new float[] {1, 1, 1, 1}, 1, 2, 2));
        assertValues(y, new double[] {0.5, 0.5, 0.5, 0.5}, 1e-6);
        assertThat(new UnitNormalization().apply(Tensor.zeros(1, 3)).toFloatArray()).containsOnly(0f);
        GradCheck.check1(new UnitNormalization()::apply, Tensor.randomNormal(3, 2, 4));
    }

    @Test
    void groupNormalizationValuesAndSpecialCases() {
        // channels [1, 3 | 2, 6] in 2 groups: means 2 and 4, variances 1 and 4
        GroupNormalization g = new GroupNormalization().groups(2);
        Tensor y = g.apply(Tensor.of(new float[] {1, 3, 2, 6}, 1, 4));
        double a = 1 / Math.sqrt(1 + 1e-3), b = 2 / Math.sqrt(4 + 1e-3);
        assertValues(y, new double[] {-a, a, -b, b}, 1e-5);
        assertThat(g.countParams()).isEqualTo(8);
        // one group: layer normalisation over every non-batch axis
        Tensor img = Tensor.randomNormal(4, 2, 3, 3, 4);
        Tensor one = new GroupNormalization().groups(1).apply(img);
        assertThat(one.allClose(new LayerNormalization().axis(1, 2, 3).apply(img), 1e-4, 1e-5)).isTrue();
        // -1: one group per channel (instance normalisation), here with channels first
        Tensor inst = new GroupNormalization().groups(-1).axis(1).apply(Ops.transpose(img, 0, 3, 1, 2));
        Tensor expected = new LayerNormalization().axis(2, 3).center(false).scale(false).apply(Ops.transpose(img, 0, 3, 1, 2));
        assertThat(inst.allClose(expected, 1e-4, 1e-5)).isTrue();
        assertThatThrownBy(() -> new GroupNormalization().apply(Input.of(8, 16))).hasMessageContaining("cannot be more");
        assertThatThrownBy(() -> new GroupNormalization().groups(3).apply(Input.of(8))).hasMessageContaining("must divide");
        GroupNormalization grad = new GroupNormalization().groups(2).gammaInitializer("random_normal").betaInitializer("random_normal");
        grad.buildFor(2, 3, 4);
        GradCheck.check1(grad::apply, Tensor.randomNormal(5, 2, 3, 4));
    }

    @Test
    void configsAreKerasAndRoundTrip() {
        assertThat(new ReLU().getConfig()).containsEntry("max_value", null).containsEntry("negative_slope", 0.0)
                .containsEntry("threshold", 0.0);
        assertThat(new LeakyReLU().getConfig()).containsEntry("negative_slope", 0.3);
        assertThat(LeakyReLU.fromConfig(new java.util.HashMap<>(Map.of("alpha", 0.1))).getConfig()).containsEntry("negative_slope", 0.1);
        assertThat(new PReLU().getConfig().keySet()).containsExactly("name", "trainable", "dtype", "alpha_initializer",
                "alpha_regularizer", "alpha_constraint", "shared_axes");
        assertThat(new SpatialDropout1D(0.2).getConfig().keySet()).containsExactly("rate", "seed", "name", "dtype");
        assertThat(new SpatialDropout2D(0.2).getConfig().keySet()).containsExactly("rate", "seed", "name", "dtype", "data_format");
        assertThat(new GroupNormalization().getConfig().keySet()).containsExactly("name", "trainable", "dtype", "groups", "axis",
                "epsilon", "center", "scale", "beta_initializer", "gamma_initializer", "beta_regularizer", "gamma_regularizer",
                "beta_constraint", "gamma_constraint");
        roundTrip(new ReLU().maxValue(6).negativeSlope(0.1).threshold(0.5));
        roundTrip(new LeakyReLU(0.2));
        roundTrip(new PReLU().sharedAxes(1, 2).alphaInitializer("ones").alphaRegularizer("l2").alphaConstraint("non_neg"));
        roundTrip(new ELU(0.3));
        roundTrip(new Softmax().axis(1));
        roundTrip(new Softmax().axis(1, 2));
        roundTrip(new SpatialDropout1D(0.3).seed(4));
        roundTrip(new SpatialDropout2D(0.3).dataFormat("channels_first"));
        roundTrip(new GaussianNoise(0.2).seed(1));
        roundTrip(new GaussianDropout(0.4));
        roundTrip(new ActivityRegularization(0.01, 0));
        roundTrip(new UnitNormalization().axis(1, 2));
        roundTrip(new GroupNormalization().groups(4).axis(1).epsilon(1e-5).center(false).gammaRegularizer("l2"));
        for (Layer l : List.of(new ReLU(), new Softmax(), new GaussianNoise(0.1), new UnitNormalization())) assertThat(l.countParams()).isZero();
    }
}
