package dev.gradus.layers;

import dev.gradus.activations.Activations;
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

/**
 * What every convolution layer shares (Conv, ConvTranspose, DepthwiseConv, SeparableConv): the
 * window arguments ({@code kernel_size}, {@code strides}, {@code padding}, {@code dilation_rate},
 * {@code data_format}), the activation and the bias with its initializer, regularizer and
 * constraint, and the move to channels-last and back around the kernels, which all work
 * channels-last. Subclasses hold their own kernels and write their configs in Keras's key order.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class ConvLayer<T extends ConvLayer<T>> extends SpatialLayer<T> {
    int[] kernelSize;
    int[] strides;
    String padding = "valid";
    int[] dilationRate;
    dev.gradus.activations.Activation activation = Activations.LINEAR;
    boolean useBias = true;
    Initializer biasInitializer = Initializers.get("zeros");
    Regularizer biasRegularizer;
    Constraint biasConstraint;
    Variable bias;

    ConvLayer(int rank, int[] kernelSize) {
        super(rank);
        this.kernelSize = LayerArgs.tuple("kernel_size", kernelSize, rank, 1);
        this.strides = LayerArgs.tuple("strides", new int[] {1}, rank, 1);
        this.dilationRate = LayerArgs.tuple("dilation_rate", new int[] {1}, rank, 1);
    }

    /** True when this layer accepts Keras's "causal" padding (Conv1D only). */
    boolean causalAllowed() {
        return false;
    }

    public T strides(int... strides) {
        this.strides = LayerArgs.tuple("strides", strides, rank, 1);
        return self();
    }

    /** "valid" or "same" ("causal" too for Conv1D). */
    public T padding(String padding) {
        this.padding = LayerArgs.padding(padding, causalAllowed());
        return self();
    }

    public T padding(Padding padding) {
        return padding(Check.notNull("padding", padding).keras());
    }

    public T dilationRate(int... dilationRate) {
        this.dilationRate = LayerArgs.tuple("dilation_rate", dilationRate, rank, 1);
        return self();
    }

    /** A name, a Keras config or an {@link dev.gradus.activations.Activation}; null is linear. */
    public T activation(String activation) {
        return activationFrom(activation);
    }

    public T activation(dev.gradus.activations.Activation activation) {
        return activationFrom(activation);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T activation(java.util.Map<String, ?> activation) {
        return activationFrom(activation);
    }

    /** Any of the forms above, as read from a config. */
    T activationFrom(Object activation) {
        this.activation = Activations.get(activation);
        return self();
    }

    public T useBias(boolean useBias) {
        this.useBias = useBias;
        return self();
    }

    public T biasInitializer(String initializer) {
        return biasInitializerFrom(initializer);
    }

    public T biasInitializer(dev.gradus.initializers.Initializer initializer) {
        return biasInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T biasInitializer(java.util.Map<String, ?> initializer) {
        return biasInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    T biasInitializerFrom(Object initializer) {
        this.biasInitializer = Check.notNull("bias_initializer", Initializers.get(initializer));
        return self();
    }

    public T biasRegularizer(String regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    public T biasRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T biasRegularizer(java.util.Map<String, ?> regularizer) {
        return biasRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T biasRegularizerFrom(Object regularizer) {
        this.biasRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public T biasConstraint(String constraint) {
        return biasConstraintFrom(constraint);
    }

    public T biasConstraint(dev.gradus.constraints.Constraint constraint) {
        return biasConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T biasConstraint(java.util.Map<String, ?> constraint) {
        return biasConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    T biasConstraintFrom(Object constraint) {
        this.biasConstraint = Constraints.get(constraint);
        return self();
    }

    /** The bias, shape {@code (output channels,)}; null before the layer is built or without a bias. */
    public Variable bias() {
        return bias;
    }

    /** The input's channel count, which must be known to build the kernel. */
    final int inputChannels(int[] inputShape) {
        int channels = inputShape[channelAxis(inputShape.length)];
        if (channels == NONE) throw new IllegalArgumentException("layer '" + name() + "': the channel dimension of the inputs "
                + "must be known, got input shape " + formatShape(inputShape));
        return channels;
    }

    /** Adds the bias of {@code channels} values when the layer uses one. */
    final void buildBias(int channels) {
        if (useBias) bias = addWeight("bias", new int[] {channels}, biasInitializer, biasRegularizer, biasConstraint, true);
    }

    /** Keras refuses strides and dilation both above 1 (Conv and DepthwiseConv). */
    final void checkStridesAndDilation() {
        boolean strided = false, dilated = false;
        for (int i = 0; i < rank; i++) {
            strided |= strides[i] > 1;
            dilated |= dilationRate[i] > 1;
        }
        if (strided && dilated) throw new IllegalArgumentException("layer '" + name() + "': `strides > 1` not supported in "
                + "conjunction with `dilation_rate > 1`, got strides=" + LayerArgs.list(strides) + " and dilation_rate="
                + LayerArgs.list(dilationRate));
    }

    /** The inputs with the channels last (the kernels' layout). */
    final Tensor toChannelsLast(Tensor x) {
        if (channelsLast()) return x;
        int[] perm = new int[rank + 2];
        for (int i = 0; i < rank; i++) perm[i + 1] = i + 2;
        perm[rank + 1] = 1;
        return Ops.transpose(x, perm);
    }

    /** A channels-last result back in the layer's data format. */
    final Tensor fromChannelsLast(Tensor y) {
        if (channelsLast()) return y;
        int[] perm = new int[rank + 2];
        perm[1] = rank + 1;
        for (int i = 0; i < rank; i++) perm[i + 2] = i + 1;
        return Ops.transpose(y, perm);
    }

    /** The bias, the activation, then the layer's data format: the end of every convolution's call. */
    final Tensor finish(Tensor channelsLastOut) {
        return fromChannelsLast(biasAndActivation(channelsLastOut, useBias ? bias : null, activation));
    }

    /** The input shape with spatial axis {@code i}'s length {@code length(i, in)} and {@code channels} channels. */
    final int[] outputShape(int[] inputShape, java.util.function.IntBinaryOperator length, int channels) {
        int[] out = mapSpatial(inputShape, length);
        out[channelAxis(out.length)] = channels;
        return out;
    }

    /** Keras's convolution output length along spatial axis {@code i} (unused by transposes). */
    final int convLength(int i, int in) {
        return LayerArgs.outputLength(in, kernelSize[i], strides[i], dilationRate[i], padding);
    }

    /** Reads the keys every convolution shares into {@code layer}; the caller reads its own and calls {@code r.done()}. */
    static <L extends ConvLayer<L>> L readCommon(L layer, Config.Reader r) {
        layer.strides(LayerArgs.ints(r, "strides", new int[] {1}))
                .padding(r.getString("padding", "valid"))
                .dataFormat(r.getString("data_format", null))
                .dilationRate(LayerArgs.ints(r, "dilation_rate", new int[] {1}))
                .activationFrom(r.get("activation"))
                .useBias(r.getBoolean("use_bias", true))
                .biasInitializerFrom(r.has("bias_initializer") ? r.get("bias_initializer") : "zeros")
                .biasRegularizerFrom(r.get("bias_regularizer"))
                .biasConstraintFrom(r.get("bias_constraint"));
        layer.activityRegularizer(Regularizers.get(r.get("activity_regularizer")));
        readBase(layer, r);
        return layer;
    }

    static int[] kernelSizeOf(Config.Reader r, String what) {
        int[] k = LayerArgs.ints(r, "kernel_size", null);
        Check.argument(k != null, what + " config: kernel_size is required");
        return k;
    }

    static int filtersOf(Config.Reader r, String what) {
        Integer f = r.getIntOrNull("filters");
        Check.argument(f != null, what + " config: filters is required");
        return f;
    }
}
