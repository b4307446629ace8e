package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * 2-d depthwise convolution over {@code (batch, height, width, channels)}, as Keras's
 * DepthwiseConv2D: {@code new DepthwiseConv2D(3).padding("same")}; each channel gets its own
 * {@code depth_multiplier} filters.
 */
public final class DepthwiseConv2D extends BaseDepthwiseConv<DepthwiseConv2D> {
    public DepthwiseConv2D(int... kernelSize) {
        super(2, kernelSize);
    }

    @Override
    protected void build(int[] inputShape) {
        int channels = inputChannels(inputShape);
        buildDepthwise(channels);
        buildBias(channels * depthMultiplier);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return finish(depthwise(toChannelsLast(inputs)));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int channels = inputShape[channelAxis(inputShape.length)];
        return outputShape(inputShape, this::convLength, channels == NONE ? NONE : channels * depthMultiplier);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "depth_multiplier", depthMultiplier, "kernel_size", LayerArgs.list(kernelSize),
                "strides", LayerArgs.list(strides), "padding", padding, "data_format", dataFormat,
                "dilation_rate", LayerArgs.list(dilationRate), "activation", LayerArgs.serialize(activation), "use_bias", useBias,
                "depthwise_initializer", LayerArgs.serialize(depthwiseInitializer), "bias_initializer", LayerArgs.serialize(biasInitializer),
                "depthwise_regularizer", LayerArgs.serialize(depthwiseRegularizer), "bias_regularizer", LayerArgs.serialize(biasRegularizer),
                "activity_regularizer", LayerArgs.serialize(activityRegularizer()),
                "depthwise_constraint", LayerArgs.serialize(depthwiseConstraint), "bias_constraint", LayerArgs.serialize(biasConstraint));
    }

    public static DepthwiseConv2D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("DepthwiseConv2D", config);
        DepthwiseConv2D layer = readDepthwise(new DepthwiseConv2D(kernelSizeOf(r, "DepthwiseConv2D")), r);
        r.done();
        return layer;
    }
}
