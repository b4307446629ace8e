package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Dropout's mask rows ({@link RandomFill#keepMaskRow}): the integer threshold decides exactly as the float
 * comparison of SplittableRandom's draws did, and the vector and scalar paths give SplittableRandom's bits.
 */
class KeepMaskTest {
    private static final float[] KEEPS = {0.9f, 0.8f, 0.5f, 0.1f, 0.75f, 1f / 3, 0.99999994f, 1f, 1.5f, 0f, -0.5f,
            Float.MIN_VALUE, 1e-30f, 0x1.0p-24f, 0x1.fffffep-25f};

    /** The mask SplittableRandom gives: draw j, rounded to float, compared with keep. */
    private static float[] reference(long seed, float keep, float kept, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int j = 0; j < n; j++) out[j] = (float) r.nextDouble() < keep ? kept : 0f;
        return out;
    }

    @Test
    void thresholdSplitsTheDrawsWhereTheirFloatRoundingCrossesKeep() {
        for (float keep : KEEPS) {
            long t = RandomFill.keepThreshold(keep);
            assertThat(t).as("keep %s", keep).isBetween(0L, 1L << 53);
            if (t > 0) assertThat((float) ((t - 1) * 0x1.0p-53) < keep).as("below the threshold, keep %s", keep).isTrue();
            if (t < 1L << 53) assertThat((float) (t * 0x1.0p-53) < keep).as("at the threshold, keep %s", keep).isFalse();
        }
        assertThat(RandomFill.keepThreshold(0f)).isZero();
        assertThat(RandomFill.keepThreshold(1f)).isEqualTo((1L << 53) - (1L << 28)); // draws from 1 - 2^-25 round to 1f
        assertThat(RandomFill.keepThreshold(2f)).isEqualTo(1L << 53);
        assertThat(RandomFill.keepThreshold(0.5f)).isEqualTo((1L << 52) - (1L << 27)); // ties to even: 0.5 - 2^-26 rounds to 0.5f
    }

    @Test
    void scalarPathGivesSplittableRandomsMask() {
        boolean was = VectorSupport.enabled();
        VectorSupport.setEnabled(false);
        try {
            checkAgainstReference();
        } finally {
            VectorSupport.setEnabled(was);
        }
    }

    @Test
    void vectorPathGivesSplittableRandomsMask() {
        assumeTrue(VectorSupport.enabled(), "the Vector API module is not loaded in this JVM");
        assumeTrue(VectorRandom.usable(), "the preferred float vector is not 512 bits wide here; the scalar path runs");
        checkAgainstReference();
    }

    private static void checkAgainstReference() {
        SplittableRandom seeds = new SplittableRandom(22);
        int[] sizes = {0, 1, 15, 16, 17, 31, 32, 33, 100, 6400};
        for (float keep : KEEPS) {
            long t = RandomFill.keepThreshold(keep);
            for (int n : sizes) {
                long seed = seeds.nextLong();
                float kept = 1f / keep;
                float[] expected = reference(seed, keep, kept, n);
                float[] out = new float[n + 7];
                java.util.Arrays.fill(out, -1f);
                RandomFill.keepMaskRow(seed, t, kept, out, 3, n);
                for (int j = 0; j < n; j++) {
                    assertThat(Float.floatToRawIntBits(out[3 + j])).as("keep %s, n %d, draw %d", keep, n, j)
                            .isEqualTo(Float.floatToRawIntBits(expected[j]));
                }
                for (int j : new int[] {0, 1, 2, n + 3, n + 4, n + 5, n + 6}) assertThat(out[j]).as("outside the row").isEqualTo(-1f);
            }
        }
        // the seeds at the ends of the long range, where the state wraps
        for (long seed : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L, -dev.gradus.util.StepRandom.GOLDEN_GAMMA}) {
            float[] out = new float[50];
            RandomFill.keepMaskRow(seed, RandomFill.keepThreshold(0.7f), 2f, out, 0, 50);
            assertThat(out).as("seed %d", seed).containsExactly(reference(seed, 0.7f, 2f, 50));
        }
    }
}
