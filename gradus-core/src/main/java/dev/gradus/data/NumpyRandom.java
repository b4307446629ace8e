package dev.gradus.data;

/**
 * NumPy's legacy {@code np.random.RandomState(seed).shuffle}, which Keras's dataset loaders use to
 * order and split the data ({@code imdb}, {@code reuters}, {@code boston_housing},
 * {@code california_housing}, seed 113): MT19937 seeded by {@code init_genrand}, and the legacy
 * shuffle's Fisher-Yates loop whose bounded draws take 32-bit outputs masked to the bound's bit
 * length and reject values above it. Replaying it gives Keras's exact train/test split.
 */
final class NumpyRandom {
    private static final int N = 624, M = 397;
    private final int[] mt = new int[N];
    private int index = N;

    NumpyRandom(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }

    /** The next 32-bit output of MT19937 (genrand_int32), as an unsigned value. */
    long nextUnsigned32() {
        if (index >= N) {
            for (int k = 0; k < N; k++) {
                int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
                mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    /** A value in {@code [0, max]}: numpy's legacy {@code random_interval} for bounds below 2^32. */
    long interval(long max) {
        if (max == 0) return 0;
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        while ((value = nextUnsigned32() & mask) > max) {
            // rejected: draw again
        }
        return value;
    }

    /** {@code rng.shuffle(np.arange(n))}: the permutation Keras indexes the data with. */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) interval(i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
