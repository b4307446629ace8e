package dev.gradus.layers;

import dev.gradus.activations.Activations;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared part of Keras's convolution layers ({@code BaseConv}): kernel and bias, groups,
 * channels-first handling, activation and config. A subclass gives the spatial rank and the
 * convolution of one channels-last group.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseConv<T extends BaseConv<T>> extends KernelConv<T> {
    private int groups = 1;

    BaseConv(int rank, int filters, int[] kernelSize) {
        super(rank, filters, kernelSize);
    }

    @Override
    boolean causalAllowed() {
        return rank == 1;
    }

    /** Splits the input channels into {@code groups} independent convolutions (filters and input channels must divide evenly). */
    public T groups(int groups) {
        this.groups = Check.atLeast("groups", groups, 1);
        return self();
    }

    @Override
    protected void build(int[] inputShape) {
        checkStridesAndDilation();
        int channels = inputChannels(inputShape);
        if (filters % groups != 0) throw new IllegalArgumentException("layer '" + name() + "': the number of filters must be "
                + "evenly divisible by the number of groups, got filters=" + filters + ", groups=" + groups);
        if (channels % groups != 0) throw new IllegalArgumentException("layer '" + name() + "': the number of input channels "
                + "must be evenly divisible by the number of groups, got groups=" + groups + ", input shape " + formatShape(inputShape));
        buildKernel(kernelShape(channels / groups, filters));
        buildBias(filters);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor x = toChannelsLast(inputs);
        int inChannels = x.dim(rank + 1);
        if (inChannels != kernel.shape().get(rank) * groups) throw new IllegalArgumentException("layer '" + name()
                + "' was built for " + kernel.shape().get(rank) * groups + " input channels, got inputs of shape " + inputs.shape());
        String p = padding;
        if (p.equals("causal")) { // Conv1D only: pad the start so that no output sees a later step
            x = Ops.pad(x, new int[][] {{0, 0}, {dilationRate[0] * (kernelSize[0] - 1), 0}, {0, 0}});
            p = "valid";
        }
        Tensor w = kernel.value();
        if (groups == 1 && useBias && fusesWithBias(activation))
            return fromChannelsLast(convolve(x, w, strides, p, dilationRate, bias.value(), activation == Activations.RELU));
        Tensor out;
        if (groups == 1) {
            out = convolve(x, w, strides, p, dilationRate);
        } else {
            List<Tensor> xs = Ops.split(x, groups, rank + 1);
            List<Tensor> ws = Ops.split(w, groups, rank + 1);
            List<Tensor> outs = new ArrayList<>(groups);
            for (int g = 0; g < groups; g++) outs.add(convolve(xs.get(g), ws.get(g), strides, p, dilationRate));
            out = Ops.concat(outs, rank + 1);
        }
        return finish(out);
    }

    /** One channels-last convolution with the layer's geometry ("valid" or "same"). */
    abstract Tensor convolve(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation);

    /** {@code convolve}, then the bias and a ReLU (or no activation); Conv2D fuses them into one op. */
    Tensor convolve(Tensor x, Tensor kernel, int[] strides, String padding, int[] dilation, Tensor bias, boolean relu) {
        return Ops.biasAdd(convolve(x, kernel, strides, padding, dilation), bias, relu);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return outputShape(inputShape, this::convLength, filters);
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
        readKernel(layer, r).groups(r.getInt("groups", 1));
        r.done();
        return layer;
    }
}
