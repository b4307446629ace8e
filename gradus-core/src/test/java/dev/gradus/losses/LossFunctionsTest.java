package dev.gradus.losses;

import static dev.gradus.losses.LossAssert.assertFinite;
import static dev.gradus.losses.LossAssert.assertValues;
import static dev.gradus.losses.LossAssert.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The function forms: unreduced values from Keras's docstrings and closed forms, gradients by finite differences. */
class LossFunctionsTest {
    static final Tensor REG_TRUE = t(new double[][] {{1, 9, 2}, {-5, -2, 6}});
    static final Tensor REG_PRED = t(new double[][] {{4, 8, 12}, {8, 1, 3}});
    static final Tensor BIN_TRUE = t(new double[][] {{0, 1}, {0, 0}});
    static final Tensor BIN_PRED = t(new double[][] {{0.6, 0.4}, {0.4, 0.6}});

    @Test
    void regressionLossesGiveOneValuePerSample() {
        assertValues(Losses.meanSquaredError(REG_TRUE, REG_PRED), 1e-4, 110 / 3.0, 187 / 3.0);
        assertValues(Losses.meanAbsoluteError(REG_TRUE, REG_PRED), 1e-5, 14 / 3.0, 19 / 3.0);
        // 100 * mean(|e| / |y_true|)
        assertValues(Losses.meanAbsolutePercentageError(REG_TRUE, REG_PRED), 1e-3,
                100 * (3 + 1 / 9.0 + 5) / 3, 100 * (13 / 5.0 + 3 / 2.0 + 3 / 6.0) / 3);
        // y_true below eps is clamped to eps before log(x + 1)
        double r1 = (sq(Math.log(5) - Math.log(2)) + sq(Math.log(9) - Math.log(10)) + sq(Math.log(13) - Math.log(3))) / 3;
        double r2 = (sq(Math.log(9) - Math.log(1 + 1e-7)) + sq(Math.log(2) - Math.log(1 + 1e-7)) + sq(Math.log(4) - Math.log(7))) / 3;
        assertValues(Losses.meanSquaredLogarithmicError(REG_TRUE, REG_PRED), 1e-5, r1, r2);
    }

    static double sq(double x) {
        return x * x;
    }

    @Test
    void huberAndLogCoshMatchKerasDocstrings() {
        assertValues(Losses.huber(BIN_TRUE, BIN_PRED), 1e-6, 0.18, 0.13);           // mean 0.155
        assertValues(Losses.huber(BIN_TRUE, BIN_PRED, 0.5), 1e-6, 0.5 * (0.5 * 0.6 - 0.125) * 2, 0.5 * (0.08 + 0.175));
        assertValues(Losses.logCosh(t(new double[][] {{0, 1}, {0, 0}}), t(new double[][] {{1, 1}, {0, 0}})), 1e-6,
                Math.log(Math.cosh(1)) / 2, 0);
    }

    @Test
    void cosineSimilarityIsMinusTheCosine() {
        Tensor v = Losses.cosineSimilarity(t(new double[][] {{0, 1}, {1, 1}, {1, 1}}), t(new double[][] {{1, 0}, {1, 1}, {-1, -1}}), -1);
        assertValues(v, 1e-6, 0, -1, 1);
        // a zero vector gives 0, not NaN
        assertValues(Losses.cosineSimilarity(t(new double[][] {{0, 0}}), t(new double[][] {{1, 2}})), 0, 0);
    }

    @Test
    void hingeConvertsBinaryLabelsOnlyWhenAllAreBinary() {
        assertValues(Losses.hinge(BIN_TRUE, BIN_PRED), 1e-6, 1.1, 1.5);
        assertValues(Losses.squaredHinge(BIN_TRUE, BIN_PRED), 1e-6, 1.46, 2.26);
        // -1/1 labels are used as they are
        assertValues(Losses.hinge(t(new double[][] {{-1, 1}}), t(new double[][] {{0.6, 0.4}})), 1e-6, (1.6 + 0.6) / 2);
        assertValues(Losses.categoricalHinge(BIN_TRUE, BIN_PRED), 1e-6, 1.2, 1.6);
    }

    @Test
    void probabilisticLosses() {
        Tensor yt = t(new double[][] {{0.5, 0.8, 0.12}, {0.7, 0.43, 0.8}});
        Tensor yp = t(new double[][] {{0.4, 0.9, 0.12}, {0.36, 0.3, 0.4}});
        assertValues(Losses.klDivergence(yt, yp), 1e-5,
                0.5 * Math.log(0.5 / 0.4) + 0.8 * Math.log(0.8 / 0.9),
                0.7 * Math.log(0.7 / 0.36) + 0.43 * Math.log(0.43 / 0.3) + 0.8 * Math.log(0.8 / 0.4));
        assertValues(Losses.poisson(t(new double[][] {{4, 8}}), t(new double[][] {{1, 9}})), 1e-5,
                ((1 - 4 * Math.log(1 + 1e-7)) + (9 - 8 * Math.log(9))) / 2);
    }

    @Test
    void crossentropiesMatchKerasDocstrings() {
        assertValues(Losses.binaryCrossentropy(BIN_TRUE, BIN_PRED), 1e-3, 0.916, 0.714);
        Tensor oneHot = t(new double[][] {{0, 1, 0}, {0, 0, 1}});
        Tensor probs = t(new double[][] {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}});
        assertValues(Losses.categoricalCrossentropy(oneHot, probs), 1e-4, 0.0513, 2.3026);
        assertValues(Losses.sparseCategoricalCrossentropy(t(new double[] {1, 2}), probs), 1e-4, 0.0513, 2.3026);
        assertValues(Losses.binaryFocalCrossentropy(BIN_TRUE, BIN_PRED, false, 0.25, 2, false, 0, -1), 1e-3, 0.330, 0.206);
        assertValues(Losses.categoricalFocalCrossentropy(oneHot, t(new double[][] {{0.05, 0.9, 0.05}, {0.1, 0.85, 0.05}})),
                1e-6, 2.63401289e-04, 6.75912094e-01);
    }

    @Test
    void saturatedProbabilitiesAreClippedInFloat32() {
        // -log(1 - clip(1)) with 1 - 1e-7 rounded to float32 (0.99999988): 15.942385, not 16.118
        Tensor v = Losses.binaryCrossentropy(t(new double[][] {{0}}), t(new double[][] {{1}}));
        assertThat((double) v.item()).isCloseTo(-Math.log(1 - (double) (float) (1 - 1e-7)), within(1e-5));
        assertThat((double) v.item()).isCloseTo(15.942385, within(1e-5));
    }

    @Test
    void crossentropiesFromLogitsMatchTheProbabilityForms() {
        Tensor logits = Tensor.randomNormal(7, 4, 5);
        Tensor labels = t(new double[] {0, 3, 4, 1});
        Tensor oneHot = Ops.oneHot(labels, 5);
        Tensor probs = Ops.softmax(logits);
        assertThat(Losses.categoricalCrossentropy(oneHot, logits, true).allClose(Losses.categoricalCrossentropy(oneHot, probs), 1e-5, 1e-5)).isTrue();
        assertThat(Losses.sparseCategoricalCrossentropy(labels, logits, true).allClose(Losses.categoricalCrossentropy(oneHot, logits, true), 1e-6, 1e-6)).isTrue();
        Tensor bt = Tensor.randomUniform(Shape.of(4, 5), 0, 1, 3);
        assertThat(Losses.binaryCrossentropy(bt, logits, true).allClose(Losses.binaryCrossentropy(bt, Ops.sigmoid(logits)), 1e-4, 1e-5)).isTrue();
    }

    @Test
    void labelSmoothing() {
        // binary: t -> t (1 - ls) + ls / 2; categorical: t -> t (1 - ls) + ls / C
        Tensor yt = t(new double[][] {{1, 0}});
        Tensor yp = t(new double[][] {{0.7, 0.2}});
        double t1 = 0.95, t0 = 0.05;
        assertValues(Losses.binaryCrossentropy(yt, yp, false, 0.1, -1), 1e-5,
                -(t1 * Math.log(0.7) + (1 - t1) * Math.log(0.3) + t0 * Math.log(0.2) + (1 - t0) * Math.log(0.8)) / 2);
        double q0 = 0.7 / 0.9, q1 = 0.2 / 0.9;
        assertValues(Losses.categoricalCrossentropy(yt, yp, false, 0.2, -1), 1e-5, -(0.9 * Math.log(q0) + 0.1 * Math.log(q1)));
    }

    @Test
    void sparseLabelsMaySqueezeAndIgnoreAClass() {
        Tensor logits = t(new double[][][] {{{0.854, 0.698, 0.598}, {0.088, 0.86, 0.018}}});
        assertValues(Losses.sparseCategoricalCrossentropy(t(new double[][] {{-1, 2}}), logits, true, -1, -1), 1e-6, 0, 1.480129);
        assertValues(Losses.sparseCategoricalCrossentropy(t(new double[][][] {{{-1}, {2}}}), logits, true, -1, -1), 1e-6, 0, 1.480129);
        assertThat(Losses.sparseCategoricalCrossentropy(t(new double[][] {{0}, {2}}), t(new double[][] {{0.5, 0.2, 0.3}, {0.1, 0.1, 0.8}})).shape())
                .isEqualTo(Shape.of(2));
    }

    @Test
    void segmentationLossesReduceOverTheGivenAxes() {
        Tensor yt = t(new double[][] {{1, 2}, {1, 2}});
        Tensor yp = t(new double[][] {{4, 1}, {6, 1}});
        assertValues(Losses.dice(yt, yp), 1e-6, 1 - 28.0 / 18);
        assertValues(Losses.tversky(yt, yp), 1e-6, 1 - 28.0 / 18);
        assertValues(Losses.tversky(yt, yp, 0.2, 0.8, null), 1e-6, -0.94444442);
        Tensor st = t(new double[][][][] {{{{1}, {1}}, {{0}, {0}}}, {{{1}, {1}}, {{0}, {0}}}});
        Tensor sp = t(new double[][][][] {{{{0}, {1}}, {{0}, {1}}}, {{{0.4}, {0}}, {{0}, {0.9}}}});
        assertValues(Losses.dice(st, sp, new int[] {1, 2, 3}), 1e-6, 0.5, 0.75757575);
        assertValues(Losses.dice(st, sp), 1e-6, 0.6164384);
    }

    @Test
    void generalizedCrossEntropyUsesTheProbabilityAtTheLabel() {
        Tensor v = Losses.categoricalGeneralizedCrossEntropy(t(new double[] {0, 1}), t(new double[][] {{0.7, 0.3}, {0.2, 0.8}}), 0.5);
        assertValues(v, 1e-6, (1 - Math.sqrt(0.7)) / 0.5, (1 - Math.sqrt(0.8)) / 0.5);
    }

    @Test
    void ctcMatchesBruteForceOverAllAlignments() {
        Tensor logits = Tensor.randomNormal(11, 3, 4, 3);
        double[][] labels = {{1, 1, 0}, {2, 1, 0}, {1, 0, 0}};
        Tensor v = Losses.ctc(t(labels), logits);
        float[] lp = Ops.logSoftmax(logits).toFloatArray();
        for (int b = 0; b < 3; b++) {
            List<Integer> target = new java.util.ArrayList<>();
            for (double l : labels[b]) if (l != 0) target.add((int) l);
            double total = 0;
            for (int path = 0; path < 81; path++) {
                int[] p = {path % 3, path / 3 % 3, path / 9 % 3, path / 27};
                List<Integer> collapsed = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) if (p[i] != 0 && (i == 0 || p[i] != p[i - 1])) collapsed.add(p[i]);
                if (!collapsed.equals(target)) continue;
                double logp = 0;
                for (int i = 0; i < 4; i++) logp += lp[(b * 4 + i) * 3 + p[i]];
                total += Math.exp(logp);
            }
            assertThat((double) v.toFloatArray()[b]).as("sample %d", b).isCloseTo(-Math.log(total), within(1e-4));
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor yt = Tensor.randomUniform(Shape.of(3, 4), 0.1, 0.9, 1);
        Tensor yp = Tensor.randomUniform(Shape.of(3, 4), 0.1, 0.9, 2);
        Tensor logits = Tensor.randomNormal(3, 3, 4);
        Tensor labels = t(new double[] {0, 3, 2});
        GradCheck.check(x -> Losses.meanSquaredError(x[0], x[1]), yt, yp);
        GradCheck.check(x -> Losses.meanAbsolutePercentageError(yt, x[0]), yp);
        GradCheck.check(x -> Losses.meanSquaredLogarithmicError(yt, x[0]), yp);
        GradCheck.check(x -> Losses.cosineSimilarity(x[0], x[1], -1), yt, logits);
        GradCheck.check(x -> Losses.huber(yt, x[0], 0.3), GradCheck.awayFromZero(5, 0.05, 3, 4));
        GradCheck.check(x -> Losses.logCosh(yt, x[0]), logits);
        GradCheck.check(x -> Losses.klDivergence(x[0], x[1]), yt, yp);
        GradCheck.check(x -> Losses.poisson(yt, x[0]), yp);
        GradCheck.check(x -> Losses.binaryCrossentropy(yt, x[0], false, 0.1, -1), yp);
        GradCheck.check(x -> Losses.binaryCrossentropy(yt, x[0], true, 0.0, -1), logits);
        GradCheck.check(x -> Losses.binaryFocalCrossentropy(yt, x[0], true, 0.3, 2.0, true, 0, -1), logits);
        GradCheck.check(x -> Losses.categoricalCrossentropy(yt, x[0], false, 0.0, -1), yp);
        GradCheck.check(x -> Losses.categoricalCrossentropy(yt, x[0], true, 0.1, 0), logits);
        GradCheck.check(x -> Losses.categoricalFocalCrossentropy(Ops.oneHot(labels, 4), x[0], 0.25, 2.0, true, 0, -1), logits);
        GradCheck.check(x -> Losses.sparseCategoricalCrossentropy(labels, x[0], true), logits);
        GradCheck.check(x -> Losses.sparseCategoricalCrossentropy(labels, x[0], false), yp);
        GradCheck.check(x -> Losses.categoricalGeneralizedCrossEntropy(labels, x[0], 0.7), yp);
        GradCheck.check(x -> Losses.dice(yt, x[0], new int[] {1}), yp);
        GradCheck.check(x -> Losses.tversky(yt, x[0], 0.3, 0.7, null), yp);
        GradCheck.check(x -> Losses.ctc(t(new double[][] {{1, 2, 0}, {2, 2, 1}}), x[0]), Tensor.randomNormal(9, 2, 5, 3));
    }

    @Test
    void logitPathsStayFiniteAtPlusMinus1e4() {
        Tensor logits = t(new double[][] {{1e4, -1e4, 0}, {-1e4, 1e4, 1e4}});
        Tensor binary = t(new double[][] {{0, 1, 1}, {1, 0, 1}});
        Tensor labels = t(new double[] {1, 0});
        for (int which = 0; which < 4; which++) {
            try (GradientTape tape = new GradientTape()) {
                tape.watch(logits);
                Tensor loss = switch (which) {
                    case 0 -> Losses.binaryCrossentropy(binary, logits, true);
                    case 1 -> Losses.categoricalCrossentropy(Ops.oneHot(labels, 3), logits, true);
                    case 2 -> Losses.sparseCategoricalCrossentropy(labels, logits, true);
                    default -> Losses.categoricalFocalCrossentropy(Ops.oneHot(labels, 3), logits, 0.25, 2.0, true, 0, -1);
                };
                Tensor total = Ops.sum(loss);
                assertFinite(total);
                // the logit forms are exact; focal clips its probabilities, so its loss is bounded
                if (which < 3) assertThat((double) total.item()).as("loss %d", which).isGreaterThan(1e4);
                assertFinite(tape.gradient(total, logits));
            }
        }
        // the exact large-logit values: bce(x) = softplus(x) - t x
        assertValues(Losses.binaryCrossentropy(binary, logits, true), 1e-1, (1e4 + 1e4 + Math.log(2)) / 3, (1e4 + 1e4 + 0) / 3);
    }

    @Test
    void invalidInputFailsWithTheLossAndShapesInTheMessage() {
        assertThatThrownBy(() -> Losses.binaryCrossentropy(t(new double[][] {{1, 0, 1}}), t(new double[][] {{0.1, 0.2}})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("binary_crossentropy").hasMessageContaining("(1, 3)").hasMessageContaining("(1, 2)");
        assertThatThrownBy(() -> Losses.meanSquaredError(t(new double[][] {{1, 0, 1}}), t(new double[][] {{0.1, 0.2}})))
                .hasMessageContaining("mean_squared_error").hasMessageContaining("cannot be broadcast");
        assertThatThrownBy(() -> Losses.categoricalCrossentropy(BIN_TRUE, BIN_PRED, false, 1.5, -1))
                .hasMessageContaining("label_smoothing").hasMessageContaining("1.5");
        assertThatThrownBy(() -> Losses.huber(BIN_TRUE, BIN_PRED, -1)).hasMessageContaining("delta").hasMessageContaining("-1");
        assertThatThrownBy(() -> Losses.sparseCategoricalCrossentropy(t(new double[] {0, 3}), BIN_PRED))
                .hasMessageContaining("class indices in [0, 2)").hasMessageContaining("3");
        assertThatThrownBy(() -> Losses.sparseCategoricalCrossentropy(t(new double[] {0, 1, 1}), BIN_PRED))
                .hasMessageContaining("(3,)").hasMessageContaining("(2, 2)");
        assertThatThrownBy(() -> Losses.ctc(t(new double[] {1, 2}), Tensor.zeros(2, 3, 4))).hasMessageContaining("(batch_size, max_length)");
        assertThatThrownBy(() -> Losses.categoricalGeneralizedCrossEntropy(t(new double[] {0}), t(new double[][] {{1, 0}}), 1.0))
                .hasMessageContaining("q must be in the open interval (0, 1)");
    }
}
