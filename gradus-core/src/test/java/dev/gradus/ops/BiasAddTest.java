package dev.gradus.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.VectorSupport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fused bias + activation op gives the unfused chain's numbers, forward and backward, bit for bit (the bias gradient to a rounding). */
class BiasAddTest {

    private static Tensor input() {
        // 37 channels: vector body and scalar tail; NaN, signed zeros and exact cancellations included
        float[] x = Tensor.randomNormal(Shape.of(5, 3, 37), 0, 1, 11).toFloatArray();
        x[3] = Float.NaN;
        x[40] = -0f;
        x[77] = Float.NEGATIVE_INFINITY;
        return Tensor.of(x, 5, 3, 37);
    }

    @Test
    void forwardAndGradientsEqualAddThenRelu() {
        for (boolean vector : new boolean[] {true, false}) {
            VectorSupport.setEnabled(vector);
            try {
                for (boolean relu : new boolean[] {true, false}) {
                    Tensor x = input(), bias = Tensor.randomNormal(Shape.of(37), 0, 1, 12);
                    Tensor up = Tensor.randomNormal(Shape.of(5, 3, 37), 0, 1, 13);
                    List<Tensor> fused, plain;
                    Tensor yf, yp;
                    try (GradientTape tape = new GradientTape()) {
                        tape.watch(x).watch(bias);
                        yf = Ops.biasAdd(x, bias, relu);
                        fused = tape.gradient(Ops.sum(Ops.mul(yf, up)), List.of(x, bias));
                    }
                    try (GradientTape tape = new GradientTape()) {
                        tape.watch(x).watch(bias);
                        yp = Ops.add(x, bias);
                        if (relu) yp = Ops.relu(yp);
                        plain = tape.gradient(Ops.sum(Ops.mul(yp, up)), List.of(x, bias));
                    }
                    assertBits(yf, yp);
                    assertBits(fused.get(0), plain.get(0));
                    // the bias gradient: the fused path sums blocks of rows in float vectors (then
                    // in double), the plain one in double throughout; both within a float rounding
                    assertClose(fused.get(1), plain.get(1));
                }
            } finally {
                VectorSupport.setEnabled(true);
            }
        }
    }

    @Test
    void biasGradientOverManyRowsMatchesDoubleSums() {
        // rows in several blocks of 32 and parallel chunks, with a partial last block; 37 and 64 columns
        for (int c : new int[] {37, 64}) {
            Tensor x = Tensor.randomNormal(Shape.of(1003, c), 0, 1, 21), bias = Tensor.randomNormal(Shape.of(c), 0, 1, 22);
            Tensor up = Tensor.randomNormal(Shape.of(1003, c), 0, 1, 23);
            Tensor y;
            List<Tensor> g;
            try (GradientTape tape = new GradientTape()) {
                tape.watch(bias);
                y = Ops.biasAdd(x, bias, true);
                g = tape.gradient(Ops.sum(Ops.mul(y, up)), List.of(bias));
            }
            float[] out = y.toFloatArray(), u = up.toFloatArray(), db = g.get(0).toFloatArray();
            for (int j = 0; j < c; j++) {
                double sum = 0, scale = 0;
                for (int r = 0; r < 1003; r++) {
                    double term = out[r * c + j] > 0 ? u[r * c + j] : 0;
                    sum += term;
                    scale += Math.abs(term);
                }
                assertThat((double) db[j]).as("column " + j + " of " + c).isCloseTo(sum, within(1e-6 * scale));
            }
        }
    }

    @Test
    void handComputedValuesAndBiasGradient() {
        Tensor x = Tensor.of(new float[] {1, -2, 3, -4}, 2, 2), b = Tensor.of(new float[] {0.5f, 1}, 2);
        Tensor y;
        List<Tensor> g;
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x).watch(b);
            y = Ops.biasAdd(x, b, true);
            g = tape.gradient(Ops.sum(y), List.of(x, b));
        }
        assertThat(y.toFloatArray()).containsExactly(1.5f, 0f, 3.5f, 0f);
        assertThat(g.get(0).toFloatArray()).containsExactly(1f, 0f, 1f, 0f);
        assertThat(g.get(1).toFloatArray()).containsExactly(2f, 0f);
    }

    @Test
    void secondDerivativeGoesThroughRecordedOps() {
        // d/dx of d/dx sum(relu(x + b)^2)... through the linear case: f = sum((x + b)^2), f'' = 2 per element
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3), b = Tensor.of(new float[] {1, 1, 1}, 3);
        Tensor second;
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x);
            Tensor first;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                Tensor y = Ops.biasAdd(x, b, false);
                first = inner.gradient(Ops.sum(Ops.mul(y, y)), x);
            }
            second = outer.gradient(Ops.sum(first), x);
        }
        assertThat(second.toFloatArray()).containsExactly(2f, 2f, 2f);
    }

    @Test
    void rejectsABiasThatDoesNotMatchTheLastAxis() {
        assertThatThrownBy(() -> Ops.biasAdd(Tensor.zeros(2, 3), Tensor.zeros(4), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bias must have shape (3,)").hasMessageContaining("got (4,)");
    }

    private static void assertClose(Tensor a, Tensor b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        for (int i = 0; i < x.length; i++)
            assertThat(x[i]).as("element " + i).isCloseTo(y[i], within(2e-6f * Math.max(1f, Math.abs(y[i]))));
    }

    private static void assertBits(Tensor a, Tensor b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        for (int i = 0; i < x.length; i++)
            assertThat(Float.floatToRawIntBits(x[i])).as("element " + i + ": " + x[i] + " vs " + y[i])
                    .isEqualTo(Float.floatToRawIntBits(y[i]));
    }
}
