package dev.gradus.optimizers.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningRateSchedulesTest {

    @Test
    void exponentialDecay() {
        ExponentialDecay s = new ExponentialDecay(0.1, 10, 0.5);
        assertThat(s.apply(0)).isEqualTo(0.1);
        assertThat(s.apply(5)).isCloseTo(0.1 * Math.sqrt(0.5), within(1e-15));
        assertThat(s.staircase(true).apply(19)).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void piecewiseConstantBoundariesBelongToTheLowerPiece() {
        PiecewiseConstantDecay s = new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1.0, 0.5, 0.1});
        assertThat(new double[] {s.apply(0), s.apply(10), s.apply(11), s.apply(20), s.apply(21)})
                .containsExactly(1.0, 1.0, 0.5, 0.5, 0.1);
    }

    @Test
    void polynomialDecayHoldsOrCycles() {
        PolynomialDecay linear = new PolynomialDecay(1.0, 10).endLearningRate(0.0);
        assertThat(linear.apply(5)).isCloseTo(0.5, within(1e-15));
        assertThat(linear.apply(30)).isEqualTo(0.0);
        PolynomialDecay cyc = new PolynomialDecay(1.0, 10).endLearningRate(0.0).cycle(true);
        assertThat(cyc.apply(15)).isCloseTo(0.25, within(1e-15)); // decay_steps stretched to 20
        assertThat(cyc.apply(0)).isEqualTo(1.0);
    }

    @Test
    void inverseTimeDecay() {
        assertThat(new InverseTimeDecay(1.0, 2, 0.5).apply(4)).isCloseTo(0.5, within(1e-15));
        assertThat(new InverseTimeDecay(1.0, 2, 0.5).staircase(true).apply(3)).isCloseTo(1 / 1.5, within(1e-15));
    }

    @Test
    void cosineDecayWithAndWithoutWarmup() {
        CosineDecay plain = new CosineDecay(2.0, 100).alpha(0.1);
        assertThat(plain.apply(0)).isCloseTo(2.0, within(1e-12));
        assertThat(plain.apply(50)).isCloseTo(2.0 * (0.9 * 0.5 + 0.1), within(1e-12));
        assertThat(plain.apply(500)).isCloseTo(0.2, within(1e-12));
        CosineDecay warm = new CosineDecay(0.0, 100).warmup(1.0, 10);
        assertThat(warm.apply(5)).isCloseTo(0.5, within(1e-12));
        assertThat(warm.apply(10)).isCloseTo(1.0, within(1e-12));
        assertThat(warm.apply(60)).isCloseTo(0.5, within(1e-12));
        assertThat(warm.apply(1000)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void cosineDecayRestartsGrowsThePeriods() {
        CosineDecayRestarts s = new CosineDecayRestarts(1.0, 10).mMul(0.5);
        // periods of 10, 20, 40 steps starting at 0, 10, 30; peaks 1, 0.5, 0.25
        assertThat(s.apply(10)).isCloseTo(0.5, within(1e-12));
        assertThat(s.apply(20)).isCloseTo(0.25, within(1e-12)); // middle of the second period: 0.5 * 0.5
        assertThat(s.apply(30)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void configsRoundTripToEqualSchedules() {
        List<LearningRateSchedule> all = List.of(
                new ExponentialDecay(0.1, 1000, 0.96).staircase(true),
                new PiecewiseConstantDecay(new long[] {5, 9}, new double[] {0.3, 0.2, 0.1}),
                new PolynomialDecay(0.1, 50).endLearningRate(0.01).power(0.5).cycle(true),
                new InverseTimeDecay(0.2, 7, 0.3),
                new CosineDecay(0.0, 100).alpha(0.05).warmup(0.3, 20),
                new CosineDecayRestarts(0.4, 30).tMul(1.5).mMul(0.8).alpha(0.01));
        for (LearningRateSchedule s : all) {
            LearningRateSchedule copy = LearningRateSchedules.get(LearningRateSchedules.serialize(s));
            assertThat(copy).isEqualTo(s).isNotSameAs(s);
            assertThat(copy.apply(37)).isEqualTo(s.apply(37));
        }
        assertThat(new CosineDecayRestarts(1, 2).getConfig()).containsKeys("t_mul", "m_mul").containsEntry("name", "SGDRDecay");
        assertThat(new PiecewiseConstantDecay(new long[] {1}, new double[] {1, 2}).getConfig()).containsEntry("name", "PiecewiseConstant");
    }

    @Test
    void lambdasAreSchedulesWithoutAConfig() {
        LearningRateSchedule halving = step -> 1.0 / (1 << step);
        assertThat(LearningRateSchedules.get(halving)).isSameAs(halving);
        assertThat(halving.apply(3)).isEqualTo(0.125);
        assertThatThrownBy(halving::getConfig).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("has no config");
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> new ExponentialDecay(0.1, 0, 0.9)).hasMessageContaining("decay_steps must be > 0, got 0");
        assertThatThrownBy(() -> new PiecewiseConstantDecay(new long[] {1, 2}, new double[] {1, 2}))
                .hasMessageContaining("2 boundaries and 2 values");
        assertThatThrownBy(() -> new PiecewiseConstantDecay(new long[] {5, 2}, new double[] {1, 2, 3}))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> new CosineDecay(0.1, 10).apply(-1)).hasMessageContaining("step must be >= 0");
        assertThatThrownBy(() -> LearningRateSchedules.get(Map.of("class_name", "ExponentialDecay",
                "config", Map.of("decay_steps", 10, "decay_rate", 0.5))))
                .hasMessageContaining("'initial_learning_rate' is required");
        assertThatThrownBy(() -> LearningRateSchedules.get("CosineDecy")).hasMessageContaining("'CosineDecay'");
    }
}
