package dev.gradus.layers;

import dev.gradus.util.KerasName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the categorical preprocessing layers ({@code StringLookup}, {@code IntegerLookup},
 * {@code TextVectorization}, {@code CategoryEncoding}, {@code Hashing}, {@code Discretization}) return:
 * Keras's {@code output_mode}. {@code INT} gives one index per input token; the others give one row of
 * length {@code depth} per sample (one-hot per token, multi-hot or counts over the sample's tokens,
 * TF-IDF weighted counts).
 */
public enum OutputMode implements KerasName {
    INT, ONE_HOT, MULTI_HOT, COUNT, TF_IDF;

    /**
     * Parses Keras's string, with its aliases ({@code "binary"} for multi_hot, {@code "tf-idf"}), and
     * checks it is one the layer accepts; the message names the layer and the accepted strings.
     */
    static OutputMode parse(String layer, String mode, OutputMode... allowed) {
        if (mode == null) throw new IllegalArgumentException(layer + ": `output_mode` must be one of " + names(allowed) + ", got null");
        String m = mode.toLowerCase(Locale.ROOT);
        if (m.equals("binary")) m = "multi_hot";
        if (m.equals("tf-idf")) m = "tf_idf";
        for (OutputMode o : allowed) if (o.keras().equals(m)) return o;
        throw new IllegalArgumentException(layer + ": invalid value for argument `output_mode`. Expected one of "
                + names(allowed) + ". Received: output_mode=" + mode);
    }

    private static List<String> names(OutputMode... allowed) {
        List<String> out = new ArrayList<>();
        for (OutputMode o : allowed) out.add(o.keras());
        return out;
    }
}
