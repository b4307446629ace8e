package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.Gradus;
import dev.gradus.autodiff.GradientTape;
import dev.gradus.layers.Dense;
import dev.gradus.losses.MeanSquaredError;
import dev.gradus.metrics.Mean;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keras.ops names, comparisons with numbers, clear_session and empty names, written as a Keras user writes them. */
class KerasNamesTest {
    static final Tensor X = Tensor.of(new float[] {1, 2, 3});

    @Test
    void kerasOpsNamesAndScalarForms() {
        assertThat(Ops.subtract(X, 1).toFloatArray()).containsExactly(0, 1, 2);
        assertThat(Ops.multiply(X, X).toFloatArray()).containsExactly(1, 4, 9);
        assertThat(Ops.divide(X, 2).toFloatArray()).containsExactly(0.5f, 1, 1.5f);
        assertThat(Ops.onesLike(X).toFloatArray()).containsExactly(1, 1, 1);
        assertThat(Ops.zerosLike(X).shape()).isEqualTo(X.shape());
        assertThat(Ops.fullLike(X, 7).toFloatArray()).containsExactly(7, 7, 7);
        assertThat(Ops.equal(X, 2).toFloatArray()).containsExactly(0, 1, 0);
        assertThat(Ops.greater(X, 1.5).toFloatArray()).containsExactly(0, 1, 1);
        assertThat(Ops.lessEqual(X, 2).toFloatArray()).containsExactly(1, 1, 0);
        assertThat(Ops.where(Ops.greater(X, 1), X, 0).toFloatArray()).containsExactly(0, 2, 3);
        assertThat(Ops.where(Ops.greater(X, 1), -1, X).toFloatArray()).containsExactly(1, -1, -1);
    }

    @Test
    void theLongNamesAreDifferentiableAsTheShortOnes() {
        Tensor w = Tensor.of(new float[] {2, 3});
        try (GradientTape tape = new GradientTape()) {
            tape.watch(w);
            Tensor y = Ops.sum(Ops.divide(Ops.multiply(w, w), 2));
            assertThat(tape.gradient(y, List.of(w)).get(0).toFloatArray()).containsExactly(2, 3);
        }
    }

    @Test
    void clearSessionRestartsAutomaticNames() {
        Gradus.clearSession();
        String first = new Dense(1).name();
        String second = new Dense(1).name();
        Gradus.clearSession();
        assertThat(new Dense(1).name()).isEqualTo(first).isEqualTo("dense");
        assertThat(second).isEqualTo("dense_1");
    }

    @Test
    void anEmptyNameFallsBackToTheDefault() {
        Gradus.clearSession();
        assertThat(new Dense(1).name("").name()).isEqualTo("dense");
        assertThat(new Mean().name("").name()).startsWith("mean");
        assertThat(new MeanSquaredError().name("").name()).startsWith("mean_squared_error");
        assertThatThrownBy(() -> new Dense(1).name("a/b")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> new Dense(1).name("  ")).hasMessageContaining("blank");
    }
}
