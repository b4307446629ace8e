package dev.gradus.layers;

import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's SimpleRNN: a {@link SimpleRNNCell} run over a sequence ({@link BaseRNN}: return_sequences,
 * return_state through {@link #applyWithStates}, go_backwards, masks); {@code applyWithStates}
 * returns {@code [output, h]}. Keras's SimpleRNN config has no {@code seed} key; a seed given here
 * still seeds the dropout masks but is not saved, as Keras.
 */
public final class SimpleRNN extends BaseRNN<SimpleRNN, SimpleRNNCell> {

    public SimpleRNN(int units) {
        super(new SimpleRNNCell(units).name("simple_rnn_cell"));
    }

    private static final List<String> KEYS = List.of("units", "activation", "use_bias", "kernel_initializer",
            "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
            "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
            "recurrent_dropout");

    @Override
    List<String> layerKeys() {
        return KEYS;
    }

    public static SimpleRNN fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("SimpleRNN", config);
        return readConfig(new SimpleRNN(BaseRNNCell.units(r, "SimpleRNN")), r);
    }
}
