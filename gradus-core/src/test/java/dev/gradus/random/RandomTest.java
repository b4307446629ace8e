package dev.gradus.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.layers.SeedGenerator;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.testing.GradCheck;
import dev.gradus.util.StepRandom;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** keras.random: moments, ranges, closed forms and seed determinism (issue #19). */
class RandomTest {
    static final int[] BIG = {200, 250};

    static double mean(Tensor t) {
        return Ops.mean(t).item();
    }

    static double std(Tensor t) {
        return Ops.std(t).item();
    }

    @Test
    void normalUniformAndTruncatedNormalMoments() {
        Tensor n = Random.normal(BIG, 2, 3, 1);
        assertThat(n.shape().dims()).containsExactly(200, 250);
        assertThat(mean(n)).isCloseTo(2, within(0.03));
        assertThat(std(n)).isCloseTo(3, within(0.03));
        Tensor u = Random.uniform(BIG, -1, 3, 2);
        assertThat(Ops.min(u).item()).isGreaterThanOrEqualTo(-1f);
        assertThat(Ops.max(u).item()).isLessThan(3f);
        assertThat(mean(u)).isCloseTo(1, within(0.02));
        assertThat(std(u)).isCloseTo(4 / Math.sqrt(12), within(0.01)); // (b - a) / sqrt(12)
        // within two standard deviations; the standard deviation of N(0, 1) cut at +-2 is 0.8796
        Tensor t = Random.truncatedNormal(BIG, 1, 0.5, 3);
        assertThat(Ops.min(t).item()).isGreaterThanOrEqualTo(0f);
        assertThat(Ops.max(t).item()).isLessThanOrEqualTo(2f);
        assertThat(mean(t)).isCloseTo(1, within(0.01));
        assertThat(std(t)).isCloseTo(0.5 * 0.87962566, within(0.005));
        assertThat(mean(Random.normal(BIG, 4))).isCloseTo(0, within(0.01));
    }

    @Test
    void randintCoversItsHalfOpenRangeWithWholeNumbers() {
        float[] v = Random.randint(new int[] {10000}, -2, 3, 5).toFloatArray();
        int[] counts = new int[5];
        for (float f : v) {
            assertThat(f).isEqualTo((float) Math.rint(f));
            assertThat(f).isBetween(-2f, 2f);
            counts[(int) f + 2]++;
        }
        for (int c : counts) assertThat(c / 10000.0).isCloseTo(0.2, within(0.02));
        assertThatThrownBy(() -> Random.randint(new int[] {2}, 3, 3, 1)).hasMessageContaining("minval < maxval");
    }

    @Test
    void gammaBetaAndBinomialMoments() {
        for (double alpha : new double[] {0.5, 2, 7}) {
            Tensor g = Random.gamma(BIG, alpha, 6);
            assertThat(mean(g)).as("gamma mean, alpha %s", alpha).isCloseTo(alpha, within(0.02 * alpha + 0.01));
            assertThat(Ops.variance(g).item()).as("gamma variance").isCloseTo((float) alpha, within((float) (0.05 * alpha + 0.01)));
            assertThat(Ops.min(g).item()).isGreaterThan(0f);
        }
        Tensor b = Random.beta(BIG, 2, 5, 7);
        assertThat(mean(b)).isCloseTo(2.0 / 7, within(0.005));
        assertThat(Ops.variance(b).item()).isCloseTo((float) (2.0 * 5 / (49 * 8)), within(0.001f)); // ab / ((a+b)^2 (a+b+1))
        Tensor k = Random.binomial(BIG, 10, 0.3, 8);
        assertThat(mean(k)).isCloseTo(3, within(0.03));
        assertThat(Ops.variance(k).item()).isCloseTo(2.1f, within(0.05f));
        assertThat(Ops.max(k).item()).isLessThanOrEqualTo(10f);
    }

    @Test
    void categoricalFollowsTheSoftmaxOfTheLogits() {
        Tensor logits = Tensor.of(new float[] {0, (float) Math.log(3), -50, 0, 0, 0}, 2, 3);
        Tensor s = Random.categorical(logits, 20000, 9);
        assertThat(s.shape().dims()).containsExactly(2, 20000);
        float[] v = s.toFloatArray();
        int[] row0 = new int[3], row1 = new int[3];
        for (int i = 0; i < 20000; i++) {
            row0[(int) v[i]]++;
            row1[(int) v[20000 + i]]++;
        }
        assertThat(row0[0] / 20000.0).isCloseTo(0.25, within(0.015));
        assertThat(row0[1] / 20000.0).isCloseTo(0.75, within(0.015));
        assertThat(row0[2]).isZero();
        for (int c = 0; c < 3; c++) assertThat(row1[c] / 20000.0).isCloseTo(1 / 3.0, within(0.015));
        assertThatThrownBy(() -> Random.categorical(Tensor.ones(3), 2, 1)).hasMessageContaining("(batch_size, num_classes)");
    }

    @Test
    void shuffleIsAPermutationAlongTheAxis() {
        Tensor x = Ops.reshape(Tensor.arange(40), 10, 4);
        Tensor s = Random.shuffle(x, 10);
        float[] v = s.toFloatArray();
        float[] firsts = new float[10];
        for (int r = 0; r < 10; r++) {
            firsts[r] = v[r * 4];
            for (int c = 1; c < 4; c++) assertThat(v[r * 4 + c]).isEqualTo(v[r * 4] + c); // rows stay whole
        }
        float[] sorted = firsts.clone();
        Arrays.sort(sorted);
        assertThat(sorted).containsExactly(0, 4, 8, 12, 16, 20, 24, 28, 32, 36);
        assertThat(firsts).isNotEqualTo(sorted);
        Tensor cols = Random.shuffle(x, 1, 11);
        assertThat(Ops.sort(cols, 1).toFloatArray()).isEqualTo(x.toFloatArray());
        GradCheck.check1(t -> Random.shuffle(t, 12), Tensor.randomNormal(1, 5, 2));
    }

    @Test
    void dropoutZeroesAFractionAndScalesTheRest() {
        Tensor x = Tensor.ones(100, 100);
        float[] v = Random.dropout(x, 0.3, null, 12).toFloatArray();
        int zeros = 0;
        for (float f : v) {
            if (f == 0) zeros++;
            else assertThat(f).isCloseTo(1 / 0.7f, within(1e-6f));
        }
        assertThat(zeros / 10000.0).isCloseTo(0.3, within(0.02));
        // noise_shape (100, 1): whole rows kept or dropped
        float[] rows = Random.dropout(x, 0.5, new int[] {100, 1}, 13).toFloatArray();
        for (int r = 0; r < 100; r++) for (int c = 1; c < 100; c++) assertThat(rows[r * 100 + c]).isEqualTo(rows[r * 100]);
        GradCheck.check1(t -> Random.dropout(t, 0.4, null, 14), Tensor.randomNormal(2, 3, 4));
        assertThatThrownBy(() -> Random.dropout(x, 1, null, 1)).hasMessageContaining("rate");
    }

    @Test
    void anIntegerSeedGivesTheSameBitsASeedGeneratorAdvances() {
        int[] shape = {3, 4};
        assertThat(Random.normal(shape, 0, 1, 42).toFloatArray()).isEqualTo(Random.normal(shape, 0, 1, 42).toFloatArray());
        assertThat(Random.normal(shape, 0, 1, 43).toFloatArray()).isNotEqualTo(Random.normal(shape, 0, 1, 42).toFloatArray());
        assertThat(Random.uniform(shape, 7).toFloatArray()).isEqualTo(Random.uniform(shape, 7).toFloatArray());
        SeedGenerator g = new SeedGenerator(42), h = new SeedGenerator(42);
        Tensor g1 = Random.normal(shape, g), g2 = Random.normal(shape, g);
        assertThat(g2.toFloatArray()).isNotEqualTo(g1.toFloatArray());
        assertThat(Random.normal(shape, h).toFloatArray()).isEqualTo(g1.toFloatArray());
        assertThat(Random.normal(shape, h).toFloatArray()).isEqualTo(g2.toFloatArray());
        assertThat(g.getConfig()).isEqualTo(Map.of("seed", 42L));
        assertThat(new SeedGenerator().getConfig()).containsEntry("seed", null);
        // inside a training step a generator's draws are keyed by the step: the same step gives the same bits
        SeedGenerator s = new SeedGenerator(3);
        Tensor a = StepRandom.run(4, 0, () -> Random.uniform(shape, s));
        Tensor b = StepRandom.run(4, 0, () -> Random.uniform(shape, s));
        Tensor c = StepRandom.run(5, 0, () -> Random.uniform(shape, s));
        assertThat(a.toFloatArray()).isEqualTo(b.toFloatArray()).isNotEqualTo(c.toFloatArray());
        assertThatThrownBy(() -> Random.normal(new int[] {-1}, 1)).hasMessageContaining("(-1,)");
        assertThatThrownBy(() -> Random.normal(shape, 0, -1, 1)).hasMessageContaining("stddev");
    }
}
