package dev.gradus.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The fused layer normalisation against the composed ops, finite differences, a hand computation, and its argument checks. */
class LayerNormOpsTest {

    private static void assertClose(Tensor actual, Tensor expected, double tol, String what) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        float[] a = actual.toFloatArray(), e = expected.toFloatArray();
        for (int i = 0; i < a.length; i++)
            assertThat((double) a[i]).as("%s element %d", what, i).isCloseTo(e[i], Offset.offset(tol * (1 + Math.abs(e[i]))));
    }

    /** The output and the gradients of sum(y * dOut) for x, gamma and beta (those given), fused or composed. */
    private static List<Tensor> run(boolean fused, Tensor x, Tensor gamma, Tensor beta, Tensor dOut) {
        try (GradientTape tape = new GradientTape()) {
            List<Tensor> sources = new ArrayList<>(List.of(x));
            if (gamma != null) sources.add(gamma);
            if (beta != null) sources.add(beta);
            for (Tensor t : sources) tape.watch(t);
            Tensor y = fused ? Ops.layerNormalization(x, gamma, beta, 1e-3) : LayerNormOps.composed(x, gamma, beta, 1e-3f);
            List<Tensor> out = new ArrayList<>();
            out.add(y);
            out.addAll(tape.gradient(Ops.sum(Ops.mul(y, dOut)), sources));
            return out;
        }
    }

    @Test
    void valuesAndGradientsMatchTheComposedOps() {
        // rows of 32 (a transformer's), of 7 (a partial group of four in every sum), of 1 (variance 0), and more
        // rows than one block of the gamma and beta gradients
        int[][] shapes = {{4, 9, 32}, {5, 7}, {3, 1}, {300, 12}};
        for (int[] shape : shapes) {
            int n = shape[shape.length - 1];
            Tensor x = Tensor.randomNormal(1, shape), dOut = Tensor.randomNormal(2, shape);
            Tensor gamma = Tensor.randomNormal(3, n), beta = Tensor.randomNormal(4, n);
            for (int variant = 0; variant < 3; variant++) {
                Tensor g = variant == 2 ? null : gamma, b = variant >= 1 ? null : beta;
                List<Tensor> fused = run(true, x, g, b, dOut), composed = run(false, x, g, b, dOut);
                assertThat(fused).hasSize(composed.size());
                String where = java.util.Arrays.toString(shape) + " gamma " + (g != null) + " beta " + (b != null);
                for (int i = 0; i < fused.size(); i++) assertClose(fused.get(i), composed.get(i), 2e-5, where + " output " + i);
            }
        }
    }

    @Test
    void handComputedRow() {
        // mean 2.5, variance 1.25: (x - 2.5) / sqrt(1.25 + 0.25) = (x - 2.5) / sqrt(1.5), then * 2 + 1
        Tensor y = Ops.layerNormalization(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4), Tensor.of(new float[] {2, 2, 2, 2}, 4),
                Tensor.of(new float[] {1, 1, 1, 1}, 4), 0.25);
        float[] v = y.toFloatArray();
        for (int j = 0; j < 4; j++) assertThat((double) v[j]).isCloseTo((j + 1 - 2.5) / Math.sqrt(1.5) * 2 + 1, Offset.offset(1e-6));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradCheck check = GradCheck.create().tolerance(2e-2, 2e-3);
        Tensor x = Tensor.randomNormal(11, 3, 6), gamma = Tensor.randomNormal(12, 6), beta = Tensor.randomNormal(13, 6);
        check.verify(xs -> Ops.layerNormalization(xs[0], xs[1], xs[2], 1e-3), x, gamma, beta);
        check.verify(xs -> Ops.layerNormalization(xs[0], null, null, 1e-3), x);
    }

    @Test
    void secondDerivativesGoThroughTheComposedOps() {
        Tensor x = Tensor.randomNormal(21, 2, 5), gamma = Tensor.randomNormal(22, 5), beta = Tensor.randomNormal(23, 5);
        GradCheck.checkSecondOrder(xs -> Ops.layerNormalization(xs[0], xs[1], xs[2], 1e-3), x, gamma, beta);
    }

    @Test
    void theBitsDoNotDependOnTheThreadCount() {
        Tensor x = Tensor.randomNormal(31, 700, 32), dOut = Tensor.randomNormal(32, 700, 32);
        Tensor gamma = Tensor.randomNormal(33, 32), beta = Tensor.randomNormal(34, 32);
        int before = Parallel.threads();
        List<List<Tensor>> runs = new ArrayList<>();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                runs.add(run(true, x, gamma, beta, dOut));
            }
        } finally {
            Parallel.setThreads(before);
        }
        for (int r = 1; r < runs.size(); r++)
            for (int i = 0; i < 4; i++) assertThat(runs.get(r).get(i).toFloatArray()).containsExactly(runs.get(0).get(i).toFloatArray());
    }

    @Test
    void noRowsGiveAnEmptyOutputAndZeroParameterGradients() {
        Tensor x = Tensor.zeros(0, 3), gamma = Tensor.ones(3), beta = Tensor.zeros(3);
        List<Tensor> out = run(true, x, gamma, beta, Tensor.zeros(0, 3));
        assertThat(out.get(0).shape().dims()).containsExactly(0, 3);
        assertThat(out.get(2).toFloatArray()).containsExactly(0f, 0f, 0f);
        assertThat(out.get(3).toFloatArray()).containsExactly(0f, 0f, 0f);
    }

    @Test
    void rejectsParametersOfTheWrongShapeAndABadEpsilon() {
        Tensor x = Tensor.randomNormal(41, 2, 3);
        assertThatThrownBy(() -> Ops.layerNormalization(x, Tensor.ones(4), null, 1e-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layerNormalization: gamma must have shape (3,) to match the last axis of x (2, 3), got (4,)");
        assertThatThrownBy(() -> Ops.layerNormalization(x, null, Tensor.ones(1, 3), 1e-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beta must have shape (3,)");
        assertThatThrownBy(() -> Ops.layerNormalization(x, null, null, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layerNormalization: epsilon must be a finite number >= 0, got NaN");
        assertThatThrownBy(() -> Ops.layerNormalization(Tensor.scalar(1), null, null, 1e-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one axis");
        assertThatThrownBy(() -> Ops.layerNormalization(null, null, null, 1e-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x must not be null");
    }
}
