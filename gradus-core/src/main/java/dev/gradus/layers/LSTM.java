package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's LSTM: an {@link LSTMCell} run over a sequence ({@link BaseRNN}: return_sequences,
 * return_state through {@link #applyWithStates}, go_backwards, masks). {@code applyWithStates}
 * returns {@code [output, h, c]}.
 */
public final class LSTM extends GatedRNN<LSTM, LSTMCell> {

    public LSTM(int units) {
        super(new LSTMCell(units).name("lstm_cell"));
    }

    public LSTM unitForgetBias(boolean unitForgetBias) {
        cell.unitForgetBias(unitForgetBias);
        return this;
    }

    /** The cell's keys in the order Keras's LSTM writes them (LSTMCell writes unit_forget_bias earlier). */
    private static final List<String> KEYS = List.of("units", "activation", "recurrent_activation", "use_bias",
            "kernel_initializer", "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
            "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
            "bias_constraint", "dropout", "recurrent_dropout", "seed");

    @Override
    List<String> layerKeys() {
        return KEYS;
    }

    public static LSTM fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("LSTM", config);
        return readConfig(new LSTM(BaseRNNCell.units(r, "LSTM")), r);
    }
}
