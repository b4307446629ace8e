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
 * Keras's separable convolutions ({@code BaseSeparableConv}): a depthwise convolution followed by
 * a 1x1 ("pointwise") convolution to {@code filters} channels, far fewer weights than a full
 * convolution of the same window (Xception, MobileNet). Kernels have Keras's shapes:
 * {@code depthwise_kernel} {@code kernel_size + (in_channels, depth_multiplier)},
 * {@code pointwise_kernel} {@code (1,) * rank + (in_channels * depth_multiplier, filters)}.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseSeparableConv<T extends BaseSeparableConv<T>> extends BaseDepthwiseConv<T> {
    private final int filters;
    private Initializer pointwiseInitializer = Initializers.get("glorot_uniform");
    private Regularizer pointwiseRegularizer;
    private Constraint pointwiseConstraint;
    private Variable pointwiseKernel;

    BaseSeparableConv(int rank, int filters, int[] kernelSize) {
        super(rank, kernelSize);
        this.filters = Check.atLeast("filters", filters, 1);
    }

    public T pointwiseInitializer(String initializer) {
        return pointwiseInitializerFrom(initializer);
    }

    public T pointwiseInitializer(dev.gradus.initializers.Initializer initializer) {
        return pointwiseInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T pointwiseInitializer(java.util.Map<String, ?> initializer) {
        return pointwiseInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    T pointwiseInitializerFrom(Object initializer) {
        this.pointwiseInitializer = Check.notNull("pointwise_initializer", Initializers.get(initializer));
        return self();
    }

    public T pointwiseRegularizer(String regularizer) {
        return pointwiseRegularizerFrom(regularizer);
    }

    public T pointwiseRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return pointwiseRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T pointwiseRegularizer(java.util.Map<String, ?> regularizer) {
        return pointwiseRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T pointwiseRegularizerFrom(Object regularizer) {
        this.pointwiseRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public T pointwiseConstraint(String constraint) {
        return pointwiseConstraintFrom(constraint);
    }

    public T pointwiseConstraint(dev.gradus.constraints.Constraint constraint) {
        return pointwiseConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T pointwiseConstraint(java.util.Map<String, ?> constraint) {
        return pointwiseConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    T pointwiseConstraintFrom(Object constraint) {
        this.pointwiseConstraint = Constraints.get(constraint);
        return self();
    }

    /** The pointwise (1x1) kernel; null before the layer is built. */
    public Variable pointwiseKernel() {
        return pointwiseKernel;
    }

    @Override
    protected void build(int[] inputShape) {
        int channels = inputChannels(inputShape);
        buildDepthwise(channels);
        int[] shape = new int[rank + 2];
        java.util.Arrays.fill(shape, 1);
        shape[rank] = channels * depthMultiplier;
        shape[rank + 1] = filters;
        pointwiseKernel = addWeight("pointwise_kernel", shape, pointwiseInitializer, pointwiseRegularizer, pointwiseConstraint, true);
        buildBias(filters);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor d = depthwise(toChannelsLast(inputs));
        Tensor p = pointwiseKernel.value();
        return finish(rank == 1 ? Ops.conv1d(d, p, 1, "valid", 1) : Ops.conv2d(d, p));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return outputShape(inputShape, this::convLength, filters);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(baseConfig(), "depth_multiplier", depthMultiplier, "filters", filters,
                "kernel_size", LayerArgs.list(kernelSize), "strides", LayerArgs.list(strides), "padding", padding,
                "data_format", dataFormat, "dilation_rate", LayerArgs.list(dilationRate),
                "activation", LayerArgs.serialize(activation), "use_bias", useBias,
                "depthwise_initializer", LayerArgs.serialize(depthwiseInitializer),
                "pointwise_initializer", LayerArgs.serialize(pointwiseInitializer), "bias_initializer", LayerArgs.serialize(biasInitializer),
                "depthwise_regularizer", LayerArgs.serialize(depthwiseRegularizer),
                "pointwise_regularizer", LayerArgs.serialize(pointwiseRegularizer), "bias_regularizer", LayerArgs.serialize(biasRegularizer),
                "activity_regularizer", LayerArgs.serialize(activityRegularizer()),
                "depthwise_constraint", LayerArgs.serialize(depthwiseConstraint),
                "pointwise_constraint", LayerArgs.serialize(pointwiseConstraint), "bias_constraint", LayerArgs.serialize(biasConstraint));
    }

    static <L extends BaseSeparableConv<L>> L readSeparable(L layer, Config.Reader r) {
        readDepthwise(layer, r)
                .pointwiseInitializerFrom(r.has("pointwise_initializer") ? r.get("pointwise_initializer") : "glorot_uniform")
                .pointwiseRegularizerFrom(r.get("pointwise_regularizer"))
                .pointwiseConstraintFrom(r.get("pointwise_constraint"));
        r.done();
        return layer;
    }
}
