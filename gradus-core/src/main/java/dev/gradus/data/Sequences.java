package dev.gradus.data;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keras's {@code keras.utils.pad_sequences} (also {@code keras.preprocessing.sequence.pad_sequences}):
 * variable-length integer sequences (the word indices {@link Datasets#imdb} returns) to one
 * {@code (samples, maxlen)} tensor, padded with {@code value} and cut to {@code maxlen}, both at the
 * start ("pre", Keras's default) or the end ("post"). Gradus tensors are float32: dtype "int32"
 * (the default) truncates {@code value} toward zero as numpy's cast does, "float32" keeps it.
 */
public final class Sequences {
    private Sequences() {}

    /** Pads to the longest sequence, with 0 at the start ({@code pad_sequences(sequences)}). */
    public static Tensor padSequences(List<int[]> sequences) {
        return padSequences(sequences, null);
    }

    /** Pads or truncates to {@code maxlen} (null: the longest sequence), at the start. */
    public static Tensor padSequences(List<int[]> sequences, Integer maxlen) {
        return padSequences(sequences, maxlen, "int32", "pre", "pre", 0);
    }

    /**
     * Keras's full form: {@code maxlen} (null for the longest), {@code dtype} "int32" or "float32",
     * {@code padding} and {@code truncating} "pre" or "post", and the padding {@code value}.
     */
    public static Tensor padSequences(List<int[]> sequences, Integer maxlen, String dtype, String padding, String truncating,
                                      double value) {
        Check.notNull("sequences", sequences);
        String d = Check.oneOf("dtype", Check.notNull("dtype", dtype).toLowerCase(Locale.ROOT), "int32", "int64", "float32", "float64");
        String pad = Check.oneOf("padding", Check.notNull("padding", padding), "pre", "post");
        String trunc = Check.oneOf("truncating", Check.notNull("truncating", truncating), "pre", "post");
        int length = 0;
        for (int i = 0; i < sequences.size(); i++) {
            int[] s = sequences.get(i);
            if (s == null) throw new IllegalArgumentException("`sequences` must be a list of iterables. Found non-iterable: null at position " + i);
            length = Math.max(length, s.length);
        }
        if (maxlen != null) length = Check.atLeast("maxlen", maxlen, 0);
        float fill = (float) (d.startsWith("int") ? (long) value : value);
        float[] out = new float[Math.multiplyExact(sequences.size(), length)];
        Arrays.fill(out, fill);
        for (int i = 0; i < sequences.size(); i++) {
            int[] s = sequences.get(i);
            int n = Math.min(s.length, length);
            int from = trunc.equals("pre") ? s.length - n : 0;
            int to = pad.equals("post") ? i * length : i * length + length - n;
            for (int k = 0; k < n; k++) out[to + k] = s[from + k];
        }
        return Tensor.of(out, sequences.size(), length);
    }

    /** {@link #padSequences(List)} on an array of sequences. */
    public static Tensor padSequences(int[][] sequences) {
        return padSequences(Arrays.asList(Check.notNull("sequences", sequences)));
    }

    /** {@link #padSequences(List, Integer)} on an array of sequences. */
    public static Tensor padSequences(int[][] sequences, Integer maxlen) {
        return padSequences(Arrays.asList(Check.notNull("sequences", sequences)), maxlen);
    }

    /** {@link #padSequences(List, Integer, String, String, String, double)} on an array of sequences. */
    public static Tensor padSequences(int[][] sequences, Integer maxlen, String dtype, String padding, String truncating,
                                      double value) {
        return padSequences(Arrays.asList(Check.notNull("sequences", sequences)), maxlen, dtype, padding, truncating, value);
    }
}
