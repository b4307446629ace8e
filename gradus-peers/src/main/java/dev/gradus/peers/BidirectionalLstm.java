package dev.gradus.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Keras's {@code Bidirectional(LSTM(units))} without {@code return_sequences}: a forward LSTM over the
 * sequence and a backward one over the time-reversed sequence (Keras's {@code go_backwards=True}), their
 * final hidden states concatenated, (batch, time, features) to (batch, 2 units).
 *
 * <p>Two unidirectional DJL {@link LSTM}s rather than one with {@code optBidirectional(true)}: DJL 0.36
 * hands PyTorch the bidirectional layer's weights in the order (l w_ih, l w_hh, r w_ih, r w_hh, l b_ih, ...),
 * while {@code torch::lstm} takes them per direction (w_ih, w_hh, b_ih, b_hh), so with biases the forward
 * step fails ("The size of tensor a (128) must match the size of tensor b (64)"). PyTorch's CPU kernel runs
 * the two directions one after the other as well; the flip is one copy of the embedded batch.
 */
final class BidirectionalLstm extends AbstractBlock {
    private final LSTM forward, backward;
    private final int units;

    BidirectionalLstm(int units) {
        this.units = units;
        forward = addChildBlock("forward", lstm(units));
        backward = addChildBlock("backward", lstm(units));
    }

    private static LSTM lstm(int units) {
        return LSTM.builder().setStateSize(units).setNumLayers(1).optBatchFirst(true).optReturnState(true).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // returnState: (outputs, h_n, c_n); h_n is (layers * directions = 1, batch, units)
        NDArray hf = forward.forward(ps, new NDList(x), training, params).get(1).squeeze(0);
        NDArray hb = backward.forward(ps, new NDList(x.flip(1)), training, params).get(1).squeeze(0);
        return new NDList(hf.concat(hb, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), 2L * units)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        forward.initialize(manager, dataType, inputShapes);
        backward.initialize(manager, dataType, inputShapes);
    }
}
