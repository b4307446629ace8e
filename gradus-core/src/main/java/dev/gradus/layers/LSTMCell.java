package dev.gradus.layers;

import dev.gradus.initializers.Initializer;
import dev.gradus.ops.Ops;
import dev.gradus.ops.RecurrentOps;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's LSTMCell: one time step. With {@code z = x·kernel + h·recurrent_kernel + bias} split in
 * four blocks (gates i, f, c, o, Keras's layout), {@code c' = σ(z_f)·c + σ(z_i)·tanh(z_c)} and
 * {@code h' = σ(z_o)·tanh(c')} (σ the recurrent activation, tanh the activation). Weights: kernel
 * {@code (input_dim, 4·units)}, recurrent_kernel {@code (units, 4·units)}, bias {@code (4·units)};
 * with {@code unit_forget_bias} the forget block of the bias starts at 1. {@link LSTM} runs it over a sequence.
 */
public final class LSTMCell extends GatedRNNCell<LSTMCell> {
    boolean unitForgetBias = true;

    public LSTMCell(int units) {
        super(units);
    }

    public LSTMCell unitForgetBias(boolean unitForgetBias) {
        checkUnbuilt("unit_forget_bias");
        this.unitForgetBias = unitForgetBias;
        return this;
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    int stateCount() {
        return 2;
    }

    @Override
    Initializer biasInit() {
        return !unitForgetBias ? biasInitializer : shape -> Ops.concat(List.of(biasInitializer.apply(Shape.of(units)),
                Tensor.ones(units), biasInitializer.apply(Shape.of(2 * units))), 0);
    }

    @Override
    Tensor[] step(Tensor x, Tensor[] states, Tensor[] masks) {
        Tensor h = states[0], c = states[1];
        if (masks[0] != null) x = Ops.mul(x, masks[0]);
        if (masks[1] != null) h = Ops.mul(h, masks[1]);
        Tensor z = Ops.add(Ops.matmul(x, kernel.value()), Ops.matmul(h, recurrentKernel.value()));
        if (bias != null) z = Ops.add(z, bias.value());
        List<Tensor> g = Ops.split(z, 4, 1);
        Tensor i = recurrentActivation.apply(g.get(0));
        Tensor f = recurrentActivation.apply(g.get(1));
        Tensor cNew = Ops.add(Ops.mul(f, c), Ops.mul(i, activation.apply(g.get(2))));
        Tensor o = recurrentActivation.apply(g.get(3));
        return new Tensor[] {Ops.mul(o, activation.apply(cNew)), cNew};
    }

    /** The fused sequence op ({@link RecurrentOps#lstm}) with Keras's tanh and sigmoid; null (the step loop) with others. */
    @Override
    List<Tensor> sequence(Tensor inputs, Tensor[] states, RecurrentOps.Options options) {
        if (!defaultActivations()) return null;
        return RecurrentOps.lstm(inputs, kernel.value(), recurrentKernel.value(), bias == null ? null : bias.value(), states[0],
                states[1], options);
    }

    @Override
    Map<String, Object> cellArguments() {
        return Config.with(super.cellArguments(), "unit_forget_bias", unitForgetBias);
    }

    private static final List<String> KEYS = List.of("units", "activation", "recurrent_activation", "use_bias",
            "unit_forget_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
            "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
            "dropout", "recurrent_dropout", "seed");

    @Override
    List<String> configKeys() {
        return KEYS;
    }

    @Override
    void readArguments(Config.Reader r) {
        super.readArguments(r);
        unitForgetBias(r.getBoolean("unit_forget_bias", true));
    }

    public static LSTMCell fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("LSTMCell", config);
        return readCellConfig(new LSTMCell(units(r, "LSTMCell")), r);
    }
}
