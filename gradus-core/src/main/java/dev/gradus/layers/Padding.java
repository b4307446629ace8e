package dev.gradus.layers;

import dev.gradus.util.KerasName;

/** Convolution and pooling {@code padding}: {@code "valid"}, {@code "same"} or (Conv1D) {@code "causal"}. */
public enum Padding implements KerasName {
    VALID, SAME, CAUSAL
}
