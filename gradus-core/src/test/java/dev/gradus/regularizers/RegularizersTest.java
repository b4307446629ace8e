package dev.gradus.regularizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegularizersTest {
    static final Tensor X = Tensor.of(new double[][] {{1, -2}, {0.5, 3}});

    @Test
    void penaltiesMatchKerasFormulas() {
        // sum |x| = 6.5, sum x^2 = 14.25
        assertThat(Regularizers.get("l1").apply(X).item()).isCloseTo(0.065f, within(1e-7f));
        assertThat(Regularizers.get("l2").apply(X).item()).isCloseTo(0.1425f, within(1e-7f));
        assertThat(new L1L2(0.1, 0.2).apply(X).item()).isCloseTo(0.65f + 2.85f, within(1e-6f));
        // Keras's own example: a 5x5 kernel of ones under L2(0.5) gives 12.5
        assertThat(new L2(0.5).apply(Tensor.ones(5, 5)).item()).isEqualTo(12.5f);
        // "l1_l2" is L1L2() whose factors are 0
        assertThat(Regularizers.get("l1_l2").apply(X).item()).isEqualTo(0f);
        assertThat(Regularizers.get("L1L2")).isEqualTo(new L1L2(0, 0));
    }

    @Test
    void orthogonalRegularizerPenalisesAlignedRows() {
        assertThat(new OrthogonalRegularizer().apply(Tensor.eye(3)).item()).isEqualTo(0f);
        // two identical rows: normalised dot product 1 on both off-diagonal entries, one pair
        Tensor same = Tensor.of(new double[][] {{3, 4}, {3, 4}});
        assertThat(new OrthogonalRegularizer().factor(0.5).apply(same).item()).isCloseTo(0.5f, within(1e-6f));
        // columns of [[1, 1], [0, 1]]: cos 45° = 0.7071; 0.5 * 2 * 0.7071 / 1 * factor 0.01
        Tensor m = Tensor.of(new double[][] {{1, 1}, {0, 1}});
        assertThat(new OrthogonalRegularizer().mode("columns").apply(m).item()).isCloseTo(0.007071068f, within(1e-8f));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor x = Tensor.of(new double[][] {{0.3, -1.2, 0.8}, {1.5, 0.4, -0.7}});
        GradCheck.check1(new L1L2(0.3, 0.7)::apply, x);
        GradCheck.check1(new OrthogonalRegularizer().factor(1)::apply, x);
    }

    @Test
    void configsAreKerasAndRoundTrip() {
        assertThat(Regularizers.get("l2").getConfig()).isEqualTo(Map.of("l2", 0.01));
        assertThat(new L1L2(0.1, 0.2).getConfig()).containsExactly(Map.entry("l1", 0.1), Map.entry("l2", 0.2));
        assertThat(Regularizers.serialize(new L1(0.3))).isEqualTo(Map.of("class_name", "L1", "config", Map.of("l1", 0.3)));
        Regularizer[] all = {new L1(0.2), new L2(), new L1L2(0.1, 0), new OrthogonalRegularizer().factor(0.2).mode("columns")};
        for (Regularizer r : all) assertThat(Regularizers.get(Regularizers.serialize(r))).isEqualTo(r);
        assertThat(Regularizers.get(null)).isNull();
        Regularizer lambda = x -> x.sum();
        assertThat(Regularizers.get(lambda)).isSameAs(lambda);
        assertThatThrownBy(() -> Regularizers.serialize(lambda)).hasMessageContaining("register");
    }

    @Test
    void badInputFailsClearly() {
        assertThatThrownBy(() -> new L1(-0.1)).hasMessageContaining("Invalid value for argument l1: expected a non-negative float, got l1=-0.1");
        assertThatThrownBy(() -> new L2(Double.NaN)).hasMessageContaining("l2=NaN");
        assertThatThrownBy(() -> new OrthogonalRegularizer().mode("diagonal")).hasMessageContaining("mode must be one of [rows, columns]");
        assertThatThrownBy(() -> new OrthogonalRegularizer().apply(Tensor.ones(2, 2, 2))).hasMessageContaining("rank 2").hasMessageContaining("(2, 2, 2)");
        assertThatThrownBy(() -> Regularizers.get("l3")).hasMessageContaining("Unknown regularizer: 'l3'");
        assertThatThrownBy(() -> Regularizers.get(Map.of("class_name", "L2", "config", Map.of("l1", 0.1)))).hasMessageContaining("unknown config key [l1]");
    }
}
