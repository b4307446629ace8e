package dev.gradus.util;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where unseeded random objects (initializers, dropout) draw their seed: Keras's
 * {@code keras.utils.set_random_seed}. After {@link #setRandomSeed(long)}, the objects created
 * afterwards draw their seeds in a fixed sequence, so a program that builds its model the same way
 * gets the same weights and the same dropout masks at every run. Without it, seeds are random.
 */
public final class Seeds {
    private static SplittableRandom global;

    private Seeds() {}

    /** Makes every later unseeded draw reproducible (Keras's {@code keras.utils.set_random_seed}). */
    public static synchronized void setRandomSeed(long seed) {
        global = new SplittableRandom(seed);
    }

    /** Back to random seeds. */
    public static synchronized void clearRandomSeed() {
        global = null;
    }

    /** A seed for a new random object: the next in the global sequence, or a random one when none is set. */
    public static synchronized long draw() {
        return global != null ? global.nextLong() : ThreadLocalRandom.current().nextLong();
    }
}
