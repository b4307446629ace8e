package dev.gradus.constraints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstraintsTest {
    // column norms 5 and 0.5
    static final Tensor W = Tensor.of(new double[][] {{3, 0.3}, {-4, 0.4}});
    static final double EPS = 1e-7;

    static void assertClose(Tensor got, double[][] expected) {
        assertThat(got.allClose(Tensor.of(expected), 1e-6, 1e-7)).as(got + " vs " + java.util.Arrays.deepToString(expected)).isTrue();
    }

    @Test
    void maxNormScalesOnlyTheLongColumns() {
        double s = 2 / (5 + EPS), t = 0.5 / (0.5 + EPS);
        assertClose(Constraints.get("max_norm").apply(W), new double[][] {{3 * s, 0.3 * t}, {-4 * s, 0.4 * t}});
        // along rows: norms 3.015 and 4.02, both above 1
        Tensor rows = new MaxNorm(1).axis(1).apply(W);
        assertThat(rows.slice(0, 0, 1).norm().item()).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void minMaxNormMovesNormsIntoTheRange() {
        // norms 5 and 0.5 into [1, 2] at rate 0.5: desired 3.5 and 0.75
        Tensor out = new MinMaxNorm().minValue(1).maxValue(2).rate(0.5).apply(W);
        assertThat(out.slice(1, 0, 1).norm().item()).isCloseTo(3.5f, within(1e-5f));
        assertThat(out.slice(1, 1, 2).norm().item()).isCloseTo(0.75f, within(1e-6f));
    }

    @Test
    void nonNegAndUnitNorm() {
        assertClose(Constraints.get("non_neg").apply(W), new double[][] {{3, 0.3}, {0, 0.4}});
        Tensor u = Constraints.get("unit_norm").apply(W);
        assertClose(u, new double[][] {{3 / (5 + EPS), 0.3 / (0.5 + EPS)}, {-4 / (5 + EPS), 0.4 / (0.5 + EPS)}});
        // a Conv2D kernel constrained per filter over axes {0, 1, 2}
        Tensor kernel = Tensor.randomNormal(1, 3, 3, 2, 4);
        Tensor k = new UnitNorm().axis(0, 1, 2).apply(kernel);
        assertThat(k.reshape(18, 4).norm(0).allClose(Tensor.ones(4), 1e-5, 0)).isTrue();
    }

    @Test
    void configsAreKerasAndRoundTrip() {
        assertThat(new MaxNorm().getConfig()).containsExactly(Map.entry("max_value", 2.0), Map.entry("axis", 0));
        assertThat(new UnitNorm().axis(0, 1, 2).getConfig()).isEqualTo(Map.of("axis", List.of(0, 1, 2)));
        assertThat(new MinMaxNorm().getConfig().keySet()).containsExactly("min_value", "max_value", "rate", "axis");
        Constraint[] all = {new MaxNorm(3).axis(1), new MinMaxNorm().minValue(0.5).maxValue(2).rate(0.3).axis(0, 1),
                new NonNeg(), new UnitNorm().axis(-1)};
        for (Constraint c : all) assertThat(Constraints.get(Constraints.serialize(c))).isEqualTo(c);
        for (String n : new String[] {"MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"})
            assertThat(Constraints.get(n).getClass().getSimpleName()).isEqualTo(n);
        assertThat(Constraints.get(null)).isNull();
        // Keras writes max_value=2 as an int; it reads back as the same constraint
        assertThat(Constraints.get(Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 2, "axis", 0)))).isEqualTo(new MaxNorm());
    }

    @Test
    void badInputFailsClearly() {
        assertThatThrownBy(() -> new MaxNorm(-1)).hasMessageContaining("max_value must be >= 0, got -1.0");
        assertThatThrownBy(() -> new MinMaxNorm().rate(1.5)).hasMessageContaining("rate must be in [0.0, 1.0], got 1.5");
        assertThatThrownBy(() -> new MaxNorm().axis(2).apply(W)).hasMessageContaining("axis");
        assertThatThrownBy(() -> new MinMaxNorm().minValue(3).maxValue(2).apply(W)).hasMessageContaining("min_value <= max_value");
        assertThatThrownBy(() -> Constraints.get("maxnorm")).hasMessageContaining("Unknown constraint: 'maxnorm'").hasMessageContaining("'max_norm'");
        assertThatThrownBy(() -> new UnitNorm().axis()).hasMessageContaining("at least one axis");
    }
}
