package dev.gradus.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DivideNoNanTest {
    @Test
    void zeroWhereTheDenominatorIsZeroWithFiniteGradients() {
        Tensor a = Tensor.of(new float[] {1, 2, 3});
        Tensor b = Tensor.of(new float[] {2, 0, -4});
        assertThat(Ops.divideNoNan(a, b).toFloatArray()).isEqualTo(new float[] {0.5f, 0f, -0.75f});
        try (GradientTape tape = new GradientTape()) {
            tape.watch(a);
            tape.watch(b);
            Tensor y = Ops.sum(Ops.divideNoNan(a, b));
            var g = tape.gradient(y, java.util.List.of(a, b));
            assertThat(g.get(0).toFloatArray()).isEqualTo(new float[] {0.5f, 0f, -0.25f});
            assertThat(g.get(1).toFloatArray()).isEqualTo(new float[] {-0.25f, 0f, -3f / 16});
        }
    }
}
