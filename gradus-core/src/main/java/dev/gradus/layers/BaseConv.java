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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared part of Keras's convolution layers ({@code BaseConv}): arguments, kernel and bias,
 * groups, channels-first handling, activation and config. A subclass gives the spatial rank and the
 * convolution of one channels-last group.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseConv<T extends BaseConv<T>> extends SpatialLayer<T> {
    private final int filters;
    private int[] kernelSize;
    private int[] strides;
    private String padding = "valid";
    private int[] dilationRate;
    private int groups = 1;
    private dev.gradus.activations.Activation activation = Activations.LINEAR;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Initializer biasInitializer = Initializers.get("zeros");
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Constraint kernelConstraint;
    private Constraint biasConstraint;
    private Variable kernel;
    private Variable bias;

    BaseConv(int rank, int filters, int[] kernelSize) {
        super(rank);
        this.filters = Check.atLeast("filters", filters, 1);
        this.kernelSize = LayerArgs.tuple("kernel_size", kernelSize, rank, 1);
        this.strides = LayerArgs.tuple("strides", new int[] {1}, rank, 1);
        this.dilationRate = LayerArgs.tuple("dilation_rate", new int[] {1}, rank, 1);
    }

    public T strides(int... strides) {
        this.strides = LayerArgs.tuple("strides", strides, rank, 1);
        return self();
    }

    /** "valid" or "same" ("causal" too for Conv1D). */
    public T padding(String padding) {
        this.padding = LayerArgs.padding(padding, rank == 1);
        return self();
    }

    public T padding(Padding padding) {
        return padding(Check.notNull("padding", padding).keras());
    }

    public T dilationRate(int... dilationRate) {
        this.dilationRate = LayerArgs.tuple("dilation_rate", dilationRate, rank, 1);
        return self();
    }

    /** Splits the input channels into {@code groups} independent convolutions (filters and input channels must divide evenly). */
    public T groups(int groups) {
        this.groups = Check.atLeast("groups", groups, 1);
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

    public T kernelInitializer(String initializer) {
        return kernelInitializerFrom(initializer);
    }

    public T kernelInitializer(dev.gradus.initializers.Initializer initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T kernelInitializer(java.util.Map<String, ?> initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    T kernelInitializerFrom(Object initializer) {
        this.kernelInitializer = Check.notNull("kernel_initializer", Initializers.get(initializer));
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

    public T kernelRegularizer(String regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    public T kernelRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T kernelRegularizer(java.util.Map<String, ?> regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T kernelRegularizerFrom(Object regularizer) {
        this.kernelRegularizer = Regularizers.get(regularizer);
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

    public T kernelConstraint(String constraint) {
        return kernelConstraintFrom(constraint);
    }

    public T kernelConstraint(dev.gradus.constraints.Constraint constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T kernelConstraint(java.util.Map<String, ?> constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    T kernelConstraintFrom(Object constraint) {
        this.kernelConstraint = Constraints.get(constraint);
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

    /** The kernel, shape {@code kernel_size + (in_channels / groups, filters)}; null before the layer is built. */
    public Variable kernel() {
        return kernel;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    protected void build(int[] inputShape) {
        checkStridesAndDilation();
        int channels = inputShape[channelAxis(inputShape.length)];
        if (channels == NONE) throw new IllegalArgumentException("layer '" + name() + "': the channel dimension of the inputs "
                + "must be known, got input shape " + formatShape(inputShape));
        if (filters % groups != 0) throw new IllegalArgumentException("layer '" + name() + "': the number of filters must be "
                + "evenly divisible by the number of groups, got filters=" + filters + ", groups=" + groups);
        if (channels % groups != 0) throw new IllegalArgumentException("layer '" + name() + "': the number of input channels "
                + "must be evenly divisible by the number of groups, got groups=" + groups + ", input shape " + formatShape(inputShape));
        int[] shape = new int[rank + 2];
        System.arraycopy(kernelSize, 0, shape, 0, rank);
        shape[rank] = channels / groups;
        shape[rank + 1] = filters;
        kernel = addWeight("kernel", shape, kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) bias = addWeight("bias", new int[] {filters}, biasInitializer, biasRegularizer, biasConstraint, true);
    }

    private void checkStridesAndDilation() {
        boolean strided = false, dilated = false;
        for (int i = 0; i < rank; i++) {
            strided |= strides[i] > 1;
            dilated |= dilationRate[i] > 1;
        }
        if (strided && dilated) throw new IllegalArgumentException("layer '" + name() + "': `strides > 1` not supported in "
                + "conjunction with `dilation_rate > 1`, got strides=" + LayerArgs.list(strides) + " and dilation_rate="
                + LayerArgs.list(dilationRate));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor x = inputs;
        int[] toLast = null, toFirst = null;
        if (!channelsLast()) {
            toLast = new int[rank + 2];
            toFirst = new int[rank + 2];
            toLast[0] = 0;
            toFirst[0] = 0;
            for (int i = 0; i < rank; i++) toLast[i + 1] = i + 2;
            toLast[rank + 1] = 1;
            toFirst[1] = rank + 1;
            for (int i = 0; i < rank; i++) toFirst[i + 2] = i + 1;
            x = Ops.transpose(x, toLast);
        }
        int inChannels = x.dim(rank + 1);
        if (inChannels != kernel.shape().get(rank) * groups) throw new IllegalArgumentException("layer '" + name()
                + "' was built for " + kernel.shape().get(rank) * groups + " input channels, got inputs of shape " + inputs.shape());
        String p = padding;
        if (p.equals("causal")) { // Conv1D only: pad the start so that no output sees a later step
            x = Ops.pad(x, new int[][] {{0, 0}, {dilationRate[0] * (kernelSize[0] - 1), 0}, {0, 0}});
            p = "valid";
        }
        Tensor w = kernel.value();
        Tensor out;
        if (groups == 1 && useBias && fusesWithBias(activation)) {
            out = convolve(x, w, strides, p, dilationRate, bias.value(), activation == Activations.RELU);
            return toFirst == null ? out : Ops.transpose(out, toFirst);
        }
        if (groups == 1) {
            out = convolve(x, w, strides, p, dilationRate);
        } else {
            List<Tensor> xs = Ops.split(x, groups, rank + 1);
            List<Tensor> ws = Ops.split(w, groups, rank + 1);
            List<Tensor> outs = new ArrayList<>(groups);
            for (int g = 0; g < groups; g++) outs.add(convolve(xs.get(g), ws.get(g), strides, p, dilationRate));
            out = Ops.concat(outs, rank + 1);
        }
        out = biasAndActivation(out, useBias ? bias : null, activation);
        return toFirst == null ? out : Ops.transpose(out, toFirst);
    }

    /** One channels-last convolution with the layer's geometry ("valid" or "same"). */
    abstract Tensor convolve(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation);

    /** {@code convolve}, then the bias and a ReLU (or no activation); Conv2D fuses them into one op. */
    Tensor convolve(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation, Tensor bias, boolean relu) {
        return Ops.biasAdd(convolve(x, kernel, strides, padding, dilation), bias, relu);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = inputShape.clone();
        int first = firstSpatialAxis();
        for (int i = 0; i < rank; i++)
            out[first + i] = LayerArgs.outputLength(inputShape[first + i], kernelSize[i], strides[i], dilationRate[i], padding);
        out[channelAxis(out.length)] = filters;
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "filters", filters, "kernel_size", LayerArgs.list(kernelSize),
                "strides", LayerArgs.list(strides), "padding", padding, "data_format", dataFormat,
                "dilation_rate", LayerArgs.list(dilationRate), "groups", groups,
                "activation", LayerArgs.serialize(activation), "use_bias", useBias,
                "kernel_initializer", LayerArgs.serialize(kernelInitializer), "bias_initializer", LayerArgs.serialize(biasInitializer),
                "kernel_regularizer", LayerArgs.serialize(kernelRegularizer), "bias_regularizer", LayerArgs.serialize(biasRegularizer),
                "activity_regularizer", LayerArgs.serialize(activityRegularizer()),
                "kernel_constraint", LayerArgs.serialize(kernelConstraint), "bias_constraint", LayerArgs.serialize(biasConstraint));
    }

    /** Reads the config keys shared by the convolutions into {@code layer}. */
    static <L extends BaseConv<L>> L readConfig(L layer, Config.Reader r) {
        layer.strides(LayerArgs.ints(r, "strides", new int[] {1}))
                .padding(r.getString("padding", "valid"))
                .dataFormat(r.getString("data_format", null))
                .dilationRate(LayerArgs.ints(r, "dilation_rate", new int[] {1}))
                .groups(r.getInt("groups", 1))
                .activationFrom(r.get("activation"))
                .useBias(r.getBoolean("use_bias", true))
                .kernelInitializerFrom(r.has("kernel_initializer") ? r.get("kernel_initializer") : "glorot_uniform")
                .biasInitializerFrom(r.has("bias_initializer") ? r.get("bias_initializer") : "zeros")
                .kernelRegularizerFrom(r.get("kernel_regularizer"))
                .biasRegularizerFrom(r.get("bias_regularizer"))
                .kernelConstraintFrom(r.get("kernel_constraint"))
                .biasConstraintFrom(r.get("bias_constraint"));
        layer.activityRegularizer(Regularizers.get(r.get("activity_regularizer")));
        readBase(layer, r);
        r.done();
        return layer;
    }

    static int filtersOf(Config.Reader r, String what) {
        Integer f = r.getIntOrNull("filters");
        Check.argument(f != null, what + " config: filters is required");
        return f;
    }

    static int[] kernelSizeOf(Config.Reader r, String what) {
        int[] k = LayerArgs.ints(r, "kernel_size", null);
        Check.argument(k != null, what + " config: kernel_size is required");
        return k;
    }
}
