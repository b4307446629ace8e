package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's transposed convolutions ({@code BaseConvTranspose}), sometimes called deconvolutions:
 * the adjoint of a convolution, going from a convolution's output shape back to its input shape
 * (decoders, upsampling generators). The kernel has Keras's shape {@code kernel_size + (filters,
 * in_channels)}, so the weights of a Python-saved model apply as they are; values follow Keras's
 * JAX backend, including {@code output_padding}.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class BaseConvTranspose<T extends BaseConvTranspose<T>> extends KernelConv<T> {
    private int[] outputPadding;

    BaseConvTranspose(int rank, int filters, int[] kernelSize) {
        super(rank, filters, kernelSize);
    }

    /**
     * The extra length added at the end of each spatial axis, each smaller than its stride; it picks
     * one of the output lengths a strided convolution maps back from. Null (the default, Keras's None)
     * infers the length: {@code in * stride} for "same", {@code in * stride + max(kernel - stride, 0)} for "valid".
     */
    public T outputPadding(int... outputPadding) {
        this.outputPadding = outputPadding == null ? null : LayerArgs.tuple("output_padding", outputPadding, rank, 0);
        return self();
    }

    @Override
    protected void build(int[] inputShape) {
        checkStridesAndDilation();
        if (outputPadding != null) for (int i = 0; i < rank; i++) if (outputPadding[i] >= strides[i])
            throw new IllegalArgumentException("layer '" + name() + "': `output_padding` must be < `strides`, got output_padding="
                    + LayerArgs.list(outputPadding) + ", strides=" + LayerArgs.list(strides));
        buildKernel(kernelShape(filters, inputChannels(inputShape)));
        buildBias(filters);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor x = toChannelsLast(inputs);
        Tensor w = kernel.value();
        Tensor out = rank == 1
                ? Ops.conv1dTranspose(x, w, strides[0], padding, outputPadding == null ? null : outputPadding[0], dilationRate[0])
                : Ops.conv2dTranspose(x, w, strides, padding, outputPadding, dilationRate);
        return finish(out);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return outputShape(inputShape, (i, in) -> Ops.convTransposeOutputLength(in, kernelSize[i], strides[i], dilationRate[i],
                padding, outputPadding == null ? null : outputPadding[i]), filters);
    }

    /**
     * Keras's keys in Keras's order. Keras 3 leaves {@code output_padding} out of its config (a model
     * saved by Python loses it); it is written here only when set, so a Gradus model keeps it.
     */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = Config.with(super.getConfig(), "filters", filters, "kernel_size", LayerArgs.list(kernelSize),
                "strides", LayerArgs.list(strides), "padding", padding, "data_format", dataFormat,
                "dilation_rate", LayerArgs.list(dilationRate),
                "activation", LayerArgs.serialize(activation), "use_bias", useBias,
                "kernel_initializer", LayerArgs.serialize(kernelInitializer), "bias_initializer", LayerArgs.serialize(biasInitializer),
                "kernel_regularizer", LayerArgs.serialize(kernelRegularizer), "bias_regularizer", LayerArgs.serialize(biasRegularizer),
                "activity_regularizer", LayerArgs.serialize(activityRegularizer()),
                "kernel_constraint", LayerArgs.serialize(kernelConstraint), "bias_constraint", LayerArgs.serialize(biasConstraint));
        if (outputPadding != null) config.put("output_padding", LayerArgs.list(outputPadding));
        return config;
    }

    static <L extends BaseConvTranspose<L>> L readConfig(L layer, Config.Reader r) {
        readKernel(layer, r);
        int[] op = LayerArgs.ints(r, "output_padding", null);
        if (op != null) layer.outputPadding(op);
        r.done();
        return layer;
    }
}
