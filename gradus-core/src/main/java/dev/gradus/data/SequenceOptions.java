package dev.gradus.data;

import dev.gradus.util.Check;

/**
 * The arguments of Keras's {@code imdb.load_data} and {@code reuters.load_data}, with Keras's defaults:
 * {@code num_words} (keep words with index below it; null keeps all), {@code skip_top} (drop the most
 * frequent), {@code maxlen} (drop sequences of this length or longer; null keeps all), {@code seed}
 * 113 for the shuffle, {@code start_char} 1 (prepended; null for none), {@code oov_char} 2 (replaces
 * cut words; null removes them), {@code index_from} 3 (added to every word index), and for Reuters
 * {@code test_split} 0.2.
 */
public final class SequenceOptions {
    Integer numWords;
    int skipTop;
    Integer maxlen;
    long seed = 113;
    Integer startChar = 1;
    Integer oovChar = 2;
    int indexFrom = 3;
    double testSplit = 0.2;

    public SequenceOptions() {}

    /** Keep only word indices below this (the most frequent words); null keeps every word. */
    public SequenceOptions numWords(Integer numWords) {
        if (numWords != null) Check.atLeast("num_words", numWords, 1);
        this.numWords = numWords;
        return this;
    }

    /** Treat the {@code skipTop} most frequent words as out of vocabulary. */
    public SequenceOptions skipTop(int skipTop) {
        this.skipTop = Check.atLeast("skip_top", skipTop, 0);
        return this;
    }

    /** Drop sequences of {@code maxlen} words or more (Keras keeps those shorter); null keeps all. */
    public SequenceOptions maxlen(Integer maxlen) {
        if (maxlen != null) Check.atLeast("maxlen", maxlen, 1);
        this.maxlen = maxlen;
        return this;
    }

    /** The seed of NumPy's {@code RandomState} shuffle (Keras's 113 gives Keras's order). */
    public SequenceOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The index put at the start of every sequence; null for none. */
    public SequenceOptions startChar(Integer startChar) {
        this.startChar = startChar;
        return this;
    }

    /** The index that replaces words cut by {@code num_words}/{@code skip_top}; null removes those words. */
    public SequenceOptions oovChar(Integer oovChar) {
        this.oovChar = oovChar;
        return this;
    }

    /** Added to every word index (so 0, 1, 2 stay free for padding, start and OOV). */
    public SequenceOptions indexFrom(int indexFrom) {
        this.indexFrom = indexFrom;
        return this;
    }

    /** Reuters only: the fraction of the (shuffled) data kept for testing. */
    public SequenceOptions testSplit(double testSplit) {
        this.testSplit = Check.inRange("test_split", testSplit, 0, 1);
        return this;
    }
}
