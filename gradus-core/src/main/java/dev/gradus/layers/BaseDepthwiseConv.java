package dev.gradus.layers;

import dev.gradus.autodiff.Variable;
import dev.gradus.constraints.Constraint;
import dev.gradus.constraints.Constraints;
import dev.gradus.initializers.Initializer;
import dev.gradus.initializers.Initializers;
import dev.gradus.ops.Ops;
import dev.gradus.regularizers.Regularizer;
import dev.gradus.regularizers.Regularizers;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * Keras's depthwise convolutions ({@code BaseDepthwiseConv}): each input channel is correlated with
 * its own {@code depth_multiplier} filters, giving {@code channels * depth_multiplier} outputs with
 * {@code kernel_size * channels * depth_multiplier} weights (MobileNet's cheap spatial filtering).
 * The depthwise kernel has Keras's shape {@code kernel_size + (in_channels, depth_multiplier)}.
 * SeparableConv extends this with its pointwise kernel.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseDepthwiseConv<T extends BaseDepthwiseConv<T>> extends ConvLayer<T> {
    int depthMultiplier = 1;
    Initializer depthwiseInitializer = Initializers.get("glorot_uniform");
    Regularizer depthwiseRegularizer;
    Constraint depthwiseConstraint;
    Variable depthwiseKernel;

    BaseDepthwiseConv(int rank, int[] kernelSize) {
        super(rank, kernelSize);
    }

    /** How many filters each input channel gets (default 1). */
    public T depthMultiplier(int depthMultiplier) {
        this.depthMultiplier = Check.atLeast("depth_multiplier", depthMultiplier, 1);
        return self();
    }

    public T depthwiseInitializer(String initializer) {
        return depthwiseInitializerFrom(initializer);
    }

    public T depthwiseInitializer(dev.gradus.initializers.Initializer initializer) {
        return depthwiseInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T depthwiseInitializer(java.util.Map<String, ?> initializer) {
        return depthwiseInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    T depthwiseInitializerFrom(Object initializer) {
        this.depthwiseInitializer = Check.notNull("depthwise_initializer", Initializers.get(initializer));
        return self();
    }

    public T depthwiseRegularizer(String regularizer) {
        return depthwiseRegularizerFrom(regularizer);
    }

    public T depthwiseRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return depthwiseRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T depthwiseRegularizer(java.util.Map<String, ?> regularizer) {
        return depthwiseRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T depthwiseRegularizerFrom(Object regularizer) {
        this.depthwiseRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public T depthwiseConstraint(String constraint) {
        return depthwiseConstraintFrom(constraint);
    }

    public T depthwiseConstraint(dev.gradus.constraints.Constraint constraint) {
        return depthwiseConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T depthwiseConstraint(java.util.Map<String, ?> constraint) {
        return depthwiseConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    T depthwiseConstraintFrom(Object constraint) {
        this.depthwiseConstraint = Constraints.get(constraint);
        return self();
    }

    /** The depthwise kernel; null before the layer is built. */
    public Variable depthwiseKernel() {
        return depthwiseKernel;
    }

    /** Adds the depthwise kernel for {@code channels} input channels. */
    final void buildDepthwise(int channels) {
        checkStridesAndDilation();
        int[] shape = new int[rank + 2];
        System.arraycopy(kernelSize, 0, shape, 0, rank);
        shape[rank] = channels;
        shape[rank + 1] = depthMultiplier;
        depthwiseKernel = addWeight("depthwise_kernel", shape, depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint, true);
    }

    /** The depthwise convolution of channels-last inputs, without bias. */
    final Tensor depthwise(Tensor x) {
        Tensor w = depthwiseKernel.value();
        return rank == 1 ? Ops.depthwiseConv1d(x, w, strides[0], padding, dilationRate[0])
                : Ops.depthwiseConv2d(x, w, strides, padding, dilationRate);
    }

    /** DepthwiseConv's weights: the depthwise kernel and a bias of {@code channels * depth_multiplier}. */
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

    /** DepthwiseConv's keys in Keras's order. */
    @Override
    public Map<String, Object> getConfig() {
        return Config.with(baseConfig(), "depth_multiplier", depthMultiplier, "kernel_size", LayerArgs.list(kernelSize),
                "strides", LayerArgs.list(strides), "padding", padding, "data_format", dataFormat,
                "dilation_rate", LayerArgs.list(dilationRate), "activation", LayerArgs.serialize(activation), "use_bias", useBias,
                "depthwise_initializer", LayerArgs.serialize(depthwiseInitializer), "bias_initializer", LayerArgs.serialize(biasInitializer),
                "depthwise_regularizer", LayerArgs.serialize(depthwiseRegularizer), "bias_regularizer", LayerArgs.serialize(biasRegularizer),
                "activity_regularizer", LayerArgs.serialize(activityRegularizer()),
                "depthwise_constraint", LayerArgs.serialize(depthwiseConstraint), "bias_constraint", LayerArgs.serialize(biasConstraint));
    }

    /** The keys every layer writes (name, trainable, dtype), for the subclasses that write all of theirs. */
    final Map<String, Object> baseConfig() {
        return super.getConfig();
    }

    /** Reads a DepthwiseConv config into {@code layer}. */
    static <L extends BaseDepthwiseConv<L>> L readConfig(L layer, Config.Reader r) {
        readDepthwise(layer, r);
        r.done();
        return layer;
    }

    /** Reads the shared keys and the depthwise kernel's into {@code layer}; the caller reads its own and calls {@code r.done()}. */
    static <L extends BaseDepthwiseConv<L>> L readDepthwise(L layer, Config.Reader r) {
        readCommon(layer, r)
                .depthMultiplier(r.getInt("depth_multiplier", 1))
                .depthwiseInitializerFrom(r.has("depthwise_initializer") ? r.get("depthwise_initializer") : "glorot_uniform")
                .depthwiseRegularizerFrom(r.get("depthwise_regularizer"))
                .depthwiseConstraintFrom(r.get("depthwise_constraint"));
        return layer;
    }
}
