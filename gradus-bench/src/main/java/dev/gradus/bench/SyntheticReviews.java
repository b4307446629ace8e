package dev.gradus.bench;

import java.util.SplittableRandom;

/**
 * IMDB-shaped review data for the sequence workloads W4 and W5, generated so that Gradus and its peers
 * train on the same integers without a download. Shaped like {@code keras.datasets.imdb} after
 * {@code pad_sequences(maxlen=200)}: word indices in {@code [3, vocab)} (0 padding, 1 start, 2 unused, as
 * Keras's {@code index_from=3}) drawn from a Zipf law, so frequent words have small indices; review lengths
 * log-normal around IMDB's (median about 180 words, a long tail past 1,000); padded and truncated at the
 * front, as {@code pad_sequences}'s defaults. Labels are balanced 0/1; a review carries its class's
 * sentiment words at a low rate (5%) and the other class's at 1%, so a model has to learn which
 * of 1,000 words count and accuracy stays well below 100% (short reviews stay ambiguous).
 *
 * <p>Plain Java with no Gradus types, so a peer module can use the very same generator.
 */
public final class SyntheticReviews {
    /** Keras's imdb layout: 0 pads, 1 starts a review, real words from 3. */
    public static final int PAD = 0, START = 1, FIRST_WORD = 3;
    /**
     * The sentiment words: indices {@code [5000, 6000)}, even ones positive, odd ones negative. Rare words, as
     * IMDB's telling ones are: among the frequent ones the Zipf background would drown them (each word in
     * {@code [100, 1100)} occurs ~15 times more often as background than as signal).
     */
    static final int SENTIMENT_FROM = 5000, SENTIMENT_WORDS = 1000;
    static final double OWN_RATE = 0.05, OTHER_RATE = 0.01;

    /** {@code tokens} row-major {@code (count, maxlen)}, {@code labels} 0/1 of length {@code count}. */
    public record Split(int[] tokens, int[] labels, int count, int maxlen) {
        /** The tokens as floats, the dtype models take for integer inputs. */
        public float[] tokensAsFloats() {
            float[] f = new float[tokens.length];
            for (int i = 0; i < f.length; i++) f[i] = tokens[i];
            return f;
        }

        public float[] labelsAsFloats() {
            float[] f = new float[labels.length];
            for (int i = 0; i < f.length; i++) f[i] = labels[i];
            return f;
        }
    }

    private final double[] zipfCdf;
    private final int vocab;

    /** @param vocab the vocabulary size, word indices {@code < vocab} (W4 and W5: 20,000) */
    public SyntheticReviews(int vocab) {
        if (vocab < SENTIMENT_FROM + SENTIMENT_WORDS + 1) throw new IllegalArgumentException(
                "vocab: expected at least " + (SENTIMENT_FROM + SENTIMENT_WORDS + 1) + ", got " + vocab);
        this.vocab = vocab;
        int words = vocab - FIRST_WORD;
        zipfCdf = new double[words];
        double sum = 0;
        for (int r = 0; r < words; r++) zipfCdf[r] = sum += 1.0 / (r + 1);
        for (int r = 0; r < words; r++) zipfCdf[r] /= sum;
    }

    /** {@code count} reviews padded to {@code maxlen}, the same for the same seed on any machine. */
    public Split generate(int count, int maxlen, long seed) {
        if (count < 1) throw new IllegalArgumentException("count: expected at least 1, got " + count);
        if (maxlen < 2) throw new IllegalArgumentException("maxlen: expected at least 2, got " + maxlen);
        SplittableRandom random = new SplittableRandom(seed);
        int[] tokens = new int[count * maxlen], labels = new int[count];
        int[] review = new int[1001];
        for (int n = 0; n < count; n++) {
            int label = random.nextInt(2);
            labels[n] = label;
            // log-normal length: median e^5.2 ≈ 181 words
            int length = (int) Math.max(10, Math.min(1000, Math.round(StrictMath.exp(5.2 + 0.6 * gaussian(random)))));
            review[0] = START;
            for (int t = 1; t <= length; t++) {
                double u = random.nextDouble();
                if (u < OWN_RATE) review[t] = sentimentWord(random, label);
                else if (u < OWN_RATE + OTHER_RATE) review[t] = sentimentWord(random, 1 - label);
                else review[t] = zipfWord(random.nextDouble());
            }
            // pad_sequences defaults: keep the last maxlen tokens, pad at the front
            int kept = Math.min(length + 1, maxlen);
            System.arraycopy(review, length + 1 - kept, tokens, n * maxlen + maxlen - kept, kept);
        }
        return new Split(tokens, labels, count, maxlen);
    }

    private static int sentimentWord(SplittableRandom random, int label) {
        return SENTIMENT_FROM + 2 * random.nextInt(SENTIMENT_WORDS / 2) + (label == 1 ? 0 : 1);
    }

    private int zipfWord(double u) {
        int lo = 0, hi = zipfCdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (zipfCdf[mid] < u) lo = mid + 1;
            else hi = mid;
        }
        return Math.min(FIRST_WORD + lo, vocab - 1);
    }

    /** Box-Muller, written out so the stream does not depend on a JDK's nextGaussian. */
    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble(), u2 = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(1 - u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}
