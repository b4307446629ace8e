package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The lanewise tanh of the recurrent kernels: a few ulp from Math.tanh, and the vector and scalar forms give the same bits. */
class VectorTanhTest {
    @Test
    void withinThreeUlpOfMathTanhAndEqualToTheScalarFormulaBitForBit() {
        assumeTrue(VectorSupport.enabled(), "the Vector API module is not loaded in this JVM");
        SplittableRandom r = new SplittableRandom(22);
        int lanes = FloatVector.SPECIES_PREFERRED.length(), n = 1 << 16;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // every scale: uniform over [-12, 12], and magnitudes 2^-30 .. 2^4 around the polynomial's bound 0.4
            x[i] = i % 2 == 0 ? (float) (r.nextDouble() * 24 - 12) : (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(2, r.nextDouble() * 34 - 30));
        }
        float[] special = {0f, -0f, 0.4f, -0.4f, Math.nextDown(0.4f), 1e-30f, 9f, 10f, 50f, -50f, Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, -Float.MIN_NORMAL};
        System.arraycopy(special, 0, x, 0, special.length);
        float[] out = new float[n];
        for (int i = 0; i < n; i += lanes) VectorMath.tanh(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(out, i);
        int worst = 0;
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToRawIntBits(out[i])).as("lane formula at %s", x[i])
                    .isEqualTo(Float.floatToRawIntBits(VectorMath.tanh(x[i])));
            float ref = (float) Math.tanh(x[i]);
            if (Float.isNaN(ref)) {
                assertThat(out[i]).isNaN();
                continue;
            }
            worst = Math.max(worst, Math.abs(Float.floatToRawIntBits(out[i]) - Float.floatToRawIntBits(ref)));
        }
        assertThat(worst).isLessThanOrEqualTo(3);
        assertThat(Float.floatToRawIntBits(out[1])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(out[11]).isEqualTo(1f);
        assertThat(out[12]).isEqualTo(-1f);
    }
}
