package dev.gradus.losses;

import static dev.gradus.losses.LossAssert.assertScalar;
import static dev.gradus.losses.LossAssert.assertValues;
import static dev.gradus.losses.LossAssert.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The base class: sample-weight alignment, masks and the five reductions (KERAS-SPEC 1.1, trap T1). */
class LossReductionTest {
    // per-sample squared errors [0.81, 0.04, 0.49, 0.16]
    static final Tensor Y = t(new double[][] {{1}, {0}, {1}, {0}});
    static final Tensor P = t(new double[][] {{0.1}, {0.2}, {0.3}, {0.4}});
    static final Tensor W = t(new double[] {0.4, 0.3, 0.2, 0.1});

    static Loss mse(String reduction) {
        return new MeanSquaredError().reduction(reduction);
    }

    @Test
    void reductions() {
        assertScalar(mse("sum_over_batch_size").call(Y, P), 1e-6, 1.5 / 4);
        assertScalar(mse("mean").call(Y, P), 1e-6, 1.5 / 4);
        assertScalar(mse("sum").call(Y, P), 1e-6, 1.5);
        assertValues(mse("none").call(Y, P), 1e-6, 0.81, 0.04, 0.49, 0.16);
        assertValues(mse(null).call(Y, P), 1e-6, 0.81, 0.04, 0.49, 0.16);
        // without weights, mean_with_sample_weight is the plain mean
        assertScalar(mse("mean_with_sample_weight").call(Y, P), 1e-6, 1.5 / 4);
    }

    @Test
    void sumOverBatchSizeDividesByTheElementCountNotTheWeights() {
        double weighted = 0.81 * 0.4 + 0.04 * 0.3 + 0.49 * 0.2 + 0.16 * 0.1;
        assertScalar(mse("sum_over_batch_size").call(Y, P, W), 1e-6, weighted / 4);
        assertScalar(mse("sum").call(Y, P, W), 1e-6, weighted);
        assertScalar(mse("mean_with_sample_weight").call(Y, P, W), 1e-6, weighted / 1.0);
        assertValues(mse("none").call(Y, P, W), 1e-6, 0.81 * 0.4, 0.04 * 0.3, 0.49 * 0.2, 0.16 * 0.1);
    }

    @Test
    void scalarPerSampleAndPerTimestepWeights() {
        Tensor yt = t(new double[][] {{1, 9, 2}, {-5, -2, 6}});
        Tensor yp = t(new double[][] {{4, 8, 12}, {8, 1, 3}});
        Loss mae = new MeanAbsoluteError();
        assertScalar(mae.call(yt, yp, Tensor.scalar(2.3)), 1e-4, 5.5 * 2.3);
        // (2, 1) weights are squeezed against (2,) values... the values gain the axis instead: rank 1 is expanded
        assertScalar(mae.call(yt, yp, t(new double[][] {{1.2}, {3.4}})), 1e-4, (14 / 3.0 * 1.2 + 19 / 3.0 * 3.4) / 2);
        // per-timestep: values (2, 3) from y of shape (2, 3, 1), weights (2, 3)
        Tensor st = t(new double[][][] {{{1}, {9}, {2}}, {{-5}, {-2}, {6}}});
        Tensor sp = t(new double[][][] {{{4}, {8}, {12}}, {{8}, {1}, {3}}});
        Tensor w = t(new double[][] {{3, 6, 5}, {0, 4, 2}});
        assertScalar(mae.call(st, sp, w), 1e-4, 13.833333);
        // weights of shape (2, 3, 1) are squeezed to the values' (2, 3)
        assertScalar(mae.call(st, sp, Ops.expandDims(w, -1)), 1e-4, 13.833333);
        // zero weight gives exactly zero
        assertScalar(mae.call(yt, yp, Tensor.scalar(0)), 0, 0);
    }

    @Test
    void meanWithSampleWeightDividesByTheSumOfWeights() {
        Tensor yt = t(new double[][] {{1, 9, 2}, {-5, -2, 6}});
        Tensor yp = t(new double[][] {{4, 8, 12}, {8, 1, 3}});
        Tensor w = t(new double[][] {{1.2}, {3.4}});
        assertScalar(mse("mean_with_sample_weight").call(yt, yp, w), 2e-3, 55.6376811594203);
        // all weights zero: divide_no_nan gives 0, not NaN
        assertScalar(mse("mean_with_sample_weight").call(yt, yp, t(new double[] {0, 0})), 0, 0);
    }

    @Test
    void masksLeaveEntriesOutOfTheMean() {
        Tensor mask = t(new double[] {1, 0, 1, 1});
        // sum_over_batch_size divides by the number of unmasked entries
        assertScalar(mse("sum_over_batch_size").call(Y, P, null, mask), 1e-6, 0.486666666666667);
        assertScalar(mse("sum_over_batch_size").call(Y, P, W, mask), 1e-6, 0.146);
        assertScalar(mse("sum").call(Y, P, null, mask), 1e-6, 0.81 + 0.49 + 0.16);
        // everything masked: 0, not NaN
        assertScalar(mse("sum_over_batch_size").call(Y, P, null, Tensor.zeros(4)), 0, 0);
    }

    @Test
    void ignoredClassesAreLeftOutOfTheReduction() {
        Tensor logits = t(new double[][][] {{{0.854, 0.698, 0.598}, {0.088, 0.86, 0.018}}});
        Loss scce = new SparseCategoricalCrossentropy().fromLogits(true).ignoreClass(-1);
        // one of two labels ignored: the mean is over one entry
        assertScalar(scce.call(t(new double[][] {{-1, 2}}), logits), 1e-6, 1.480129);
        assertScalar(new SparseCategoricalCrossentropy().fromLogits(true).call(t(new double[][] {{0, 2}}), logits), 1e-5,
                (Losses.sparseCategoricalCrossentropy(t(new double[][] {{0, 2}}), logits, true).toFloatArray()[0] + 1.480129) / 2);
    }

    @Test
    void gradientsFlowThroughWeightingAndReduction() {
        Variable v = new Variable(t(new double[][] {{0.1}, {0.2}, {0.3}, {0.4}}));
        Tensor g;
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = mse("sum_over_batch_size").call(Y, v.value(), W);
            g = tape.gradient(loss, v);
        }
        // d/dp of w (p - y)^2 / 4
        assertValues(g, 1e-6, 0.4 * 2 * -0.9 / 4, 0.3 * 2 * 0.2 / 4, 0.2 * 2 * -0.7 / 4, 0.1 * 2 * 0.4 / 4);
    }

    @Test
    void invalidInputFailsClearly() {
        assertThatThrownBy(() -> new MeanSquaredError().reduction("auto"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reduction").hasMessageContaining("sum_over_batch_size").hasMessageContaining("'auto'");
        assertThatThrownBy(() -> new BinaryCrossentropy().labelSmoothing(-0.1)).hasMessageContaining("label_smoothing").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new CategoricalCrossentropy().labelSmoothing(1.01)).hasMessageContaining("label_smoothing must be in [0, 1]");
        assertThatThrownBy(() -> new Huber().delta(-2)).hasMessageContaining("delta").hasMessageContaining("-2");
        assertThatThrownBy(() -> new CategoricalGeneralizedCrossEntropy().q(0)).hasMessageContaining("q must be in the open interval (0, 1)");
        assertThatThrownBy(() -> new BinaryFocalCrossentropy().alpha(1.5)).hasMessageContaining("alpha");
        // shapes that cannot be aligned
        assertThatThrownBy(() -> new BinaryCrossentropy().call(t(new double[][] {{1, 0, 1}}), t(new double[][] {{0.1, 0.2}})))
                .hasMessageContaining("same shape").hasMessageContaining("(1, 3)").hasMessageContaining("(1, 2)");
        assertThatThrownBy(() -> new MeanSquaredError().call(t(new double[][] {{1, 2, 3}}), t(new double[][] {{1, 2}, {3, 4}})))
                .hasMessageContaining("mean_squared_error").hasMessageContaining("(1, 3)").hasMessageContaining("(2, 2)");
        // a sample weight that cannot broadcast
        assertThatThrownBy(() -> new MeanSquaredError().call(Y, P, t(new double[] {1, 2, 3})))
                .hasMessageContaining("Loss 'mean_squared_error'").hasMessageContaining("sample_weight of shape (3,)")
                .hasMessageContaining("loss values of shape (4,)");
        assertThatThrownBy(() -> new MeanSquaredError().call(null, P)).hasMessageContaining("y_true must not be null");
    }

    @Test
    void configsRoundTripAndCompareEqual() {
        Loss a = new BinaryCrossentropy().fromLogits(true).labelSmoothing(0.1).reduction("sum");
        assertThat(a.getConfig()).containsExactly(
                java.util.Map.entry("name", "binary_crossentropy"), java.util.Map.entry("reduction", "sum"),
                java.util.Map.entry("from_logits", true), java.util.Map.entry("label_smoothing", 0.1),
                java.util.Map.entry("axis", -1));
        assertThat(Losses.deserialize(Losses.serialize(a))).isEqualTo(a);
        assertThat(new MeanSquaredError().reduction((String) null).getConfig()).containsEntry("reduction", null);
    }
}
