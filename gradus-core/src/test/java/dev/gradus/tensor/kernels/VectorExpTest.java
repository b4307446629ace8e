package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Vector API exp that replaced VectorOperators.EXP (issue #18 item 10): accurate, and the same bits lane by lane. */
class VectorExpTest {
    @Test
    void withinTwoUlpOfMathExpAndEqualToTheScalarFormulaBitForBit() {
        assumeTrue(VectorSupport.enabled(), "the Vector API module is not loaded in this JVM");
        SplittableRandom r = new SplittableRandom(18);
        int n = 1 << 16;
        float[] x = new float[n + 5];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 210 - 115);
        float[] special = {0f, -0f, 1f, -1f, 88.7f, 88.72f, 89f, -87.3f, -103f, -104f, -110f, 1e-8f, -1e-8f, 0.34657359f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MAX_VALUE, -Float.MAX_VALUE};
        System.arraycopy(special, 0, x, 0, special.length);
        float[] out = new float[x.length];
        VectorMath.map(Unary.EXP, x, out, 0, x.length, 0);
        int worst = 0;
        for (int i = 0; i < x.length; i++) {
            assertThat(Float.floatToRawIntBits(out[i])).as("lane formula at %s", x[i]).isEqualTo(Float.floatToRawIntBits(VectorMath.exp(x[i])));
            float ref = (float) Math.exp(x[i]);
            if (Float.isNaN(ref) || Float.isInfinite(ref) || ref == 0f || ref < Float.MIN_NORMAL) {
                // the ends: NaN, overflow to infinity, and results below the normal range, within one subnormal step
                if (Float.isNaN(ref)) assertThat(out[i]).as("at %s", x[i]).isNaN();
                else if (Float.isInfinite(ref)) assertThat(out[i]).as("at %s", x[i]).isEqualTo(ref);
                else assertThat(Math.abs(out[i] - ref)).as("at %s", x[i]).isLessThanOrEqualTo(Float.MIN_VALUE);
                continue;
            }
            int ulps = Math.abs(Float.floatToRawIntBits(out[i]) - Float.floatToRawIntBits(ref));
            worst = Math.max(worst, ulps);
        }
        assertThat(worst).isLessThanOrEqualTo(2);
        assertThat(out[0]).isEqualTo(1f);
        assertThat(out[1]).isEqualTo(1f);
        assertThat(out[special.length - 5 + 1]).isEqualTo(0f); // exp(-inf)
    }
}
