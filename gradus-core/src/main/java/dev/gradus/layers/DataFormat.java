package dev.gradus.layers;

import dev.gradus.util.KerasName;

/** A layer's {@code data_format}: where the channels axis is. */
public enum DataFormat implements KerasName {
    CHANNELS_LAST, CHANNELS_FIRST
}
