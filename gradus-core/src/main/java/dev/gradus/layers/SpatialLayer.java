package dev.gradus.layers;

import dev.gradus.util.Check;

/**
 * The shared part of the layers over {@code rank} spatial axes (convolutions, pooling, global
 * pooling): inputs of rank {@code rank + 2} and Keras's {@code data_format} ("channels_last", with the
 * channels after the spatial axes, or "channels_first").
 *
 * @param <T> the concrete layer
 */
abstract class SpatialLayer<T extends SpatialLayer<T>> extends FluentLayer<T> {
    final int rank;
    String dataFormat = "channels_last";

    SpatialLayer(int rank) {
        this.rank = rank;
        inputRank(rank + 2);
    }

    public T dataFormat(String dataFormat) {
        this.dataFormat = LayerArgs.dataFormat(dataFormat);
        return self();
    }

    public T dataFormat(DataFormat dataFormat) {
        return dataFormat(Check.notNull("data_format", dataFormat).keras());
    }

    final boolean channelsLast() {
        return dataFormat.equals("channels_last");
    }

    /** The first spatial axis: 1 for channels_last, 2 for channels_first. */
    final int firstSpatialAxis() {
        return channelsLast() ? 1 : 2;
    }

    /** The channel axis of an input (or output) of rank {@code inputRank}. */
    final int channelAxis(int inputRank) {
        return channelsLast() ? inputRank - 1 : 1;
    }
}
