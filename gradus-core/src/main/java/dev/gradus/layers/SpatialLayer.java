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

    /** The input shape with each known spatial length {@code in} of spatial axis {@code i} replaced by {@code length(i, in)}. */
    final int[] mapSpatial(int[] inputShape, java.util.function.IntBinaryOperator length) {
        int[] out = inputShape.clone();
        int first = firstSpatialAxis();
        for (int i = 0; i < rank; i++) if (out[first + i] != NONE) out[first + i] = length.applyAsInt(i, out[first + i]);
        return out;
    }
}
