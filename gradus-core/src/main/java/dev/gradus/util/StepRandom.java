package dev.gradus.util;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The training step's key for randomness: Dropout and the other random layers draw from a
 * counter-based generator keyed by (layer seed, step, call within the step, example index) while a
 * step runs, instead of advancing a sequence per call. A mask then depends on which examples a
 * replica holds and on the step number, not on how a global batch was split into shards or on the
 * thread count, and a run resumed at step {@code k} draws the masks of an uninterrupted run.
 *
 * <p>Outside a step (a layer called directly in training mode) the random layers keep Keras's
 * {@code SeedGenerator} behaviour: a new seed per call.
 */
public final class StepRandom {
    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    /** One running step on one thread: its number, the first example's index in the global batch, the calls made so far. */
    private static final class Frame {
        final long step;
        final int exampleOffset;
        /** Made on the first random call: most steps of most models draw nothing. */
        Map<Object, int[]> calls;

        Frame(long step, int exampleOffset) {
            this.step = step;
            this.exampleOffset = exampleOffset;
        }
    }

    private StepRandom() {}

    /**
     * Runs {@code body} as step {@code step} of a run, on the examples of the global batch that start at
     * {@code exampleOffset} (0 without replicas; the shard's first index with them).
     */
    public static <T> T run(long step, int exampleOffset, Supplier<T> body) {
        Check.argument(exampleOffset >= 0, "exampleOffset must be >= 0, got " + exampleOffset);
        Frame outer = CURRENT.get();
        CURRENT.set(new Frame(step, exampleOffset));
        try {
            return body.get();
        } finally {
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        }
    }

    /** True while a step runs on this thread. */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    /**
     * The seed of this call of {@code generator} in the running step: a mix of the generator's base seed,
     * the step and how many times the generator was called before in this step. Callers check
     * {@link #active()} first.
     */
    public static long callSeed(Object generator, long baseSeed) {
        Frame f = CURRENT.get();
        if (f == null) throw new IllegalStateException("StepRandom.callSeed: no step is running on this thread");
        if (f.calls == null) f.calls = new IdentityHashMap<>();
        int[] count = f.calls.computeIfAbsent(generator, g -> new int[1]);
        return mix(mix(baseSeed, f.step), count[0]++);
    }

    /** The global index of the first example this thread's step holds (0 outside a step). */
    public static int exampleOffset() {
        Frame f = CURRENT.get();
        return f == null ? 0 : f.exampleOffset;
    }

    /** SplitMix64's increment, the one {@code new SplittableRandom(seed)} uses. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    /** The multipliers of SplitMix64's finaliser (Stafford's mix variant 13, as SplittableRandom's). */
    public static final long MIX1 = 0xBF58476D1CE4E5B9L, MIX2 = 0x94D049BB133111EBL;

    /**
     * A seed for one example (or one shared block, {@code index} -1) of a call: SplitMix64's finaliser over both.
     * It is also draw {@code index} of {@code new SplittableRandom(seed).nextLong()}.
     */
    public static long mix(long seed, long index) {
        long z = seed + GOLDEN_GAMMA * (index + 1);
        z = (z ^ (z >>> 30)) * MIX1;
        z = (z ^ (z >>> 27)) * MIX2;
        return z ^ (z >>> 31);
    }
}
