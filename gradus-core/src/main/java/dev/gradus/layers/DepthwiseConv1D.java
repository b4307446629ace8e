package dev.gradus.layers;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * 1-d depthwise convolution over {@code (batch, steps, channels)}, as Keras's DepthwiseConv1D:
 * {@code new DepthwiseConv1D(3).depthMultiplier(2)}; output channels {@code channels * depth_multiplier}.
 */
public final class DepthwiseConv1D extends BaseDepthwiseConv<DepthwiseConv1D> {
    public DepthwiseConv1D(int kernelSize) {
        super(1, new int[] {kernelSize});
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

    public static DepthwiseConv1D fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("DepthwiseConv1D", config);
        int[] k = kernelSizeOf(r, "DepthwiseConv1D");
        DepthwiseConv1D layer = readDepthwise(new DepthwiseConv1D(k.length == 1 ? k[0] : -1), r);
        r.done();
        return layer;
    }
}
