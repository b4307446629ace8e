package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.ops.RecurrentOps;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's GRUCell: one time step with update gate z, reset gate r and candidate hh, Keras's block
 * order (z, r, h) in kernel {@code (input_dim, 3·units)} and recurrent_kernel {@code (units, 3·units)}:
 * {@code z = σ(x W_z + b_z + h U_z [+ b'_z])}, {@code r = σ(x W_r + b_r + h U_r [+ b'_r])},
 * {@code hh = tanh(x W_h + b_h + r·(h U_h + b'_h))} with {@code reset_after} (Keras's default, the
 * CuDNN form, bias {@code (2, 3·units)}: input row then recurrent row) or
 * {@code hh = tanh(x W_h + b_h + (r·h) U_h)} without it (bias {@code (3·units)}), and
 * {@code h' = z·h + (1 − z)·hh}. The same layout as Keras, so Python-saved weights load as they are.
 */
public final class GRUCell extends GatedRNNCell<GRUCell> {
    boolean resetAfter = true;

    public GRUCell(int units) {
        super(units);
    }

    /** Keras's {@code reset_after}: apply the reset gate after the recurrent product (true, the default) or before it. */
    public GRUCell resetAfter(boolean resetAfter) {
        checkUnbuilt("reset_after");
        this.resetAfter = resetAfter;
        return this;
    }

    public boolean resetAfter() {
        return resetAfter;
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    int[] biasShape() {
        return resetAfter ? new int[] {2, 3 * units} : super.biasShape();
    }

    @Override
    Tensor[] step(Tensor x, Tensor[] states, Tensor[] masks) {
        Tensor hPrev = states[0], h = hPrev;
        if (masks[0] != null) x = Ops.mul(x, masks[0]);
        if (masks[1] != null) h = Ops.mul(h, masks[1]);
        Tensor inputBias = null, recurrentBias = null;
        if (bias != null) {
            if (resetAfter) {
                List<Tensor> rows = Ops.split(bias.value(), 2, 0);
                inputBias = Ops.reshape(rows.get(0), 3 * units);
                recurrentBias = Ops.reshape(rows.get(1), 3 * units);
            } else {
                inputBias = bias.value();
            }
        }
        Tensor matrixX = Ops.matmul(x, kernel.value());
        if (inputBias != null) matrixX = Ops.add(matrixX, inputBias);
        List<Tensor> xs = Ops.split(matrixX, 3, 1);
        Tensor u = recurrentKernel.value();
        Tensor inner = Ops.matmul(h, resetAfter ? u : Ops.slice(u, 1, 0, 2 * units));
        if (resetAfter && recurrentBias != null) inner = Ops.add(inner, recurrentBias);
        Tensor z = recurrentActivation.apply(Ops.add(xs.get(0), Ops.slice(inner, 1, 0, units)));
        Tensor r = recurrentActivation.apply(Ops.add(xs.get(1), Ops.slice(inner, 1, units, 2 * units)));
        Tensor recurrentH = resetAfter ? Ops.mul(r, Ops.slice(inner, 1, 2 * units, 3 * units))
                : Ops.matmul(Ops.mul(r, h), Ops.slice(u, 1, 2 * units, 3 * units));
        Tensor hh = activation.apply(Ops.add(xs.get(2), recurrentH));
        // Keras: h = z * h_tm1 + (1 - z) * hh, with h_tm1 the state before recurrent dropout
        Tensor out = Ops.add(Ops.mul(z, hPrev), Ops.mul(Ops.sub(Tensor.scalar(1), z), hh));
        return new Tensor[] {out};
    }

    /** The fused sequence op ({@link RecurrentOps#gru}, either reset_after) with Keras's tanh and sigmoid; null (the step loop) with others. */
    @Override
    List<Tensor> sequence(Tensor inputs, Tensor[] states, RecurrentOps.Options options) {
        if (!defaultActivations()) return null;
        return RecurrentOps.gru(inputs, kernel.value(), recurrentKernel.value(), bias == null ? null : bias.value(), resetAfter,
                states[0], options);
    }

    @Override
    Map<String, Object> cellArguments() {
        return Config.with(super.cellArguments(), "reset_after", resetAfter);
    }

    private static final List<String> KEYS = List.of("units", "activation", "recurrent_activation", "use_bias",
            "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
            "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
            "reset_after", "seed");

    @Override
    List<String> configKeys() {
        return KEYS;
    }

    @Override
    void readArguments(Config.Reader r) {
        super.readArguments(r);
        resetAfter(r.getBoolean("reset_after", true));
    }

    public static GRUCell fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("GRUCell", config);
        return readCellConfig(new GRUCell(units(r, "GRUCell")), r);
    }
}
