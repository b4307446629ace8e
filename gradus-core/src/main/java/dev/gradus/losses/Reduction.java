package dev.gradus.losses;

import dev.gradus.util.KerasName;

/** A loss's {@code reduction}, as Keras's strings: {@code Reduction.SUM} is {@code "sum"}. */
public enum Reduction implements KerasName {
    SUM_OVER_BATCH_SIZE, SUM, MEAN, MEAN_WITH_SAMPLE_WEIGHT, NONE
}
