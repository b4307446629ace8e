package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's SimpleRNNCell: {@code h' = activation(x·kernel + bias + h·recurrent_kernel)}, kernel
 * {@code (input_dim, units)}, recurrent_kernel {@code (units, units)}, bias {@code (units)}.
 * {@link SimpleRNN} runs it over a sequence.
 */
public final class SimpleRNNCell extends BaseRNNCell<SimpleRNNCell> {

    public SimpleRNNCell(int units) {
        super(units);
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    Tensor[] step(Tensor x, Tensor[] states, Tensor[] masks) {
        Tensor h = states[0];
        if (masks[0] != null) x = Ops.mul(x, masks[0]);
        Tensor z = Ops.matmul(x, kernel.value());
        if (bias != null) z = Ops.add(z, bias.value());
        if (masks[1] != null) h = Ops.mul(h, masks[1]);
        return new Tensor[] {activation.apply(Ops.add(z, Ops.matmul(h, recurrentKernel.value())))};
    }

    private static final List<String> KEYS = List.of("units", "activation", "use_bias", "kernel_initializer",
            "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
            "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed");

    @Override
    List<String> configKeys() {
        return KEYS;
    }

    public static SimpleRNNCell fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("SimpleRNNCell", config);
        return readCellConfig(new SimpleRNNCell(units(r, "SimpleRNNCell")), r);
    }
}
