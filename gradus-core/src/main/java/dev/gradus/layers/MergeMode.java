package dev.gradus.layers;

import dev.gradus.util.KerasName;

/**
 * How {@link Bidirectional} combines its forward and backward outputs: {@code "concat"} (the
 * default), {@code "sum"}, {@code "mul"}, {@code "ave"}; Keras's {@code None} (both outputs apart)
 * is {@code mergeMode((String) null)}.
 */
public enum MergeMode implements KerasName {
    CONCAT, SUM, MUL, AVE
}
