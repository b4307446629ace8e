package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's GRU: a {@link GRUCell} run over a sequence ({@link BaseRNN}: return_sequences,
 * return_state through {@link #applyWithStates}, go_backwards, masks). {@code reset_after} is true
 * by default, as Keras 3 (bias {@code (2, 3·units)}); {@code applyWithStates} returns {@code [output, h]}.
 */
public final class GRU extends GatedRNN<GRU, GRUCell> {

    public GRU(int units) {
        super(new GRUCell(units).name("gru_cell"));
    }

    /** Keras's {@code reset_after}: the reset gate after the recurrent product (true, CuDNN-compatible) or before it. */
    public GRU resetAfter(boolean resetAfter) {
        cell.resetAfter(resetAfter);
        return this;
    }

    private static final List<String> KEYS = List.of("units", "activation", "recurrent_activation", "use_bias",
            "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
            "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
            "recurrent_dropout", "reset_after", "seed");

    @Override
    List<String> layerKeys() {
        return KEYS;
    }

    public static GRU fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("GRU", config);
        return readConfig(new GRU(BaseRNNCell.units(r, "GRU")), r);
    }
}
