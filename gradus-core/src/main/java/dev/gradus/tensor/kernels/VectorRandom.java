package dev.gradus.tensor.kernels;

import dev.gradus.util.StepRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RandomFill#keepMaskRow} sixteen draws at a time: SplitMix64's state after draw {@code j} is the
 * seed plus {@code (j + 1)} gammas, so the draws of a row do not depend on one another and eight run
 * side by side in a 512-bit long vector. Each lane computes the scalar path's 64-bit operations, so both
 * give the same bits. Loaded only when {@link VectorSupport#enabled()}, and used only where the preferred
 * float vector is 512 bits wide: the 64-bit lane multiply is one AVX-512 instruction, which AVX2 lacks.
 *
 * <p>The results stay in 512-bit vectors throughout (no narrowing to a 256-bit shape, which on JDK 17 can
 * make C2 stop unboxing the other kernels' vectors: see {@code VectorAttention}): one vector draws the
 * even positions of a block of sixteen, the other the odd ones, each result is a float's bits in its
 * lane's low or high half, and the two OR-ed together read, as sixteen floats, the block in order.
 */
final class VectorRandom {
    private static final VectorSpecies<Long> SL = LongVector.SPECIES_512;
    /** {@code (2i + 1)} and {@code (2i + 2)} gammas: the states of block positions {@code 2i} and {@code 2i + 1}. */
    private static final long[] EVEN = new long[8], ODD = new long[8];

    static {
        for (int i = 0; i < 8; i++) {
            EVEN[i] = (2L * i + 1) * StepRandom.GOLDEN_GAMMA;
            ODD[i] = (2L * i + 2) * StepRandom.GOLDEN_GAMMA;
        }
    }

    private VectorRandom() {}

    /** True where this class's path is the fast one: the preferred float vector holds 16 lanes (AVX-512). */
    static boolean usable() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() == 512;
    }

    /** {@link RandomFill#keepMaskRow}: whole blocks of sixteen here, the rest on its scalar loop. */
    static void keepMaskRow(long seed, long threshold, float kept, float[] out, int from, int n) {
        int blocks = n / 16 * 16;
        if (blocks > 0) {
            LongVector even = LongVector.fromArray(SL, EVEN, 0).add(seed);
            LongVector odd = LongVector.fromArray(SL, ODD, 0).add(seed);
            long step = 16 * StepRandom.GOLDEN_GAMMA;
            long low = Float.floatToRawIntBits(kept) & 0xFFFF_FFFFL;
            LongVector zero = LongVector.zero(SL), lowKept = zero.add(low), highKept = zero.add(low << 32);
            for (int j = 0; j < blocks; j += 16) {
                LongVector e = mix64(even).lanewise(VectorOperators.LSHR, 11);
                LongVector o = mix64(odd).lanewise(VectorOperators.LSHR, 11);
                LongVector bits = zero.blend(lowKept, e.compare(VectorOperators.LT, threshold))
                        .or(zero.blend(highKept, o.compare(VectorOperators.LT, threshold)));
                bits.reinterpretAsFloats().intoArray(out, from + j);
                even = even.add(step);
                odd = odd.add(step);
            }
        }
        RandomFill.keepMaskScalar(seed, blocks, threshold, kept, out, from + blocks, n - blocks);
    }

    /** SplitMix64's finaliser ({@link StepRandom#mix} without its increment), lane by lane. */
    private static LongVector mix64(LongVector z) {
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(StepRandom.MIX1);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(StepRandom.MIX2);
        return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
    }
}
