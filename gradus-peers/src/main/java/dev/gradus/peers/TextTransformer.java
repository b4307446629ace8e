package dev.gradus.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The model of keras.io's {@code text_classification_with_transformer}, written with DJL blocks and NDArray
 * ops: token embedding (vocab, 32) plus position embedding (maxlen, 32); one transformer block
 * (Keras's {@code MultiHeadAttention(num_heads=2, key_dim=32)}: Q/K/V projections 32 to 2 x 32 with bias,
 * softmax(Q K^T / sqrt(32)) V per head, output projection 2 x 32 to 32 with bias; dropout 0.1, residual,
 * LayerNorm(eps 1e-6); Dense(32, relu), Dense(32), dropout 0.1, residual, LayerNorm(eps 1e-6)); the mean over
 * time; dropout 0.1, Dense(20, relu), dropout 0.1, Dense(2) logits. Input: (batch, maxlen) int64 tokens.
 */
final class TextTransformer extends AbstractBlock {
    static final int EMBED = 32, HEADS = 2, KEY_DIM = 32, FF = 32;
    private final Parameter tokens, positions;
    private final Linear query, key, value, output, ff1, ff2, dense20, dense2;
    private final LayerNorm norm1, norm2;
    private final Dropout drop1, drop2, drop3, drop4;
    private final int maxlen;

    TextTransformer(int vocab, int maxlen) {
        this.maxlen = maxlen;
        tokens = addParameter(Parameter.builder().setName("token_embeddings").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocab, EMBED)).build());
        positions = addParameter(Parameter.builder().setName("position_embeddings").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(maxlen, EMBED)).build());
        query = addChildBlock("query", Linear.builder().setUnits(HEADS * KEY_DIM).build());
        key = addChildBlock("key", Linear.builder().setUnits(HEADS * KEY_DIM).build());
        value = addChildBlock("value", Linear.builder().setUnits(HEADS * KEY_DIM).build());
        output = addChildBlock("attention_output", Linear.builder().setUnits(EMBED).build());
        drop1 = addChildBlock("dropout1", Dropout.builder().optRate(0.1f).build());
        norm1 = addChildBlock("layernorm1", LayerNorm.builder().axis(2).optEpsilon(1e-6f).build());
        ff1 = addChildBlock("ffn1", Linear.builder().setUnits(FF).build());
        ff2 = addChildBlock("ffn2", Linear.builder().setUnits(EMBED).build());
        drop2 = addChildBlock("dropout2", Dropout.builder().optRate(0.1f).build());
        norm2 = addChildBlock("layernorm2", LayerNorm.builder().axis(2).optEpsilon(1e-6f).build());
        drop3 = addChildBlock("dropout3", Dropout.builder().optRate(0.1f).build());
        dense20 = addChildBlock("dense20", Linear.builder().setUnits(20).build());
        drop4 = addChildBlock("dropout4", Dropout.builder().optRate(0.1f).build());
        dense2 = addChildBlock("dense2", Linear.builder().setUnits(2).build());
    }

    /**
     * Keras's initialisers where they are not Glorot on a (in, out) kernel: both embeddings uniform(+-0.05);
     * the attention's EinsumDense kernels are Glorot on Keras's 3-d shapes, whose fans Keras computes as a
     * convolution's ((32, 2, 32) for Q/K/V: fan_in 64, fan_out 1024; (2, 32, 32) for the output: 64 and 64).
     * Call after {@code model.newTrainer} (which sets the defaults) and before {@code trainer.initialize}.
     */
    void setKerasInitializers() {
        tokens.setInitializer(KerasInit.uniform(0.05));
        positions.setInitializer(KerasInit.uniform(0.05));
        for (Linear qkv : new Linear[] {query, key, value})
            qkv.getParameters().get("weight").setInitializer(KerasInit.uniform(Math.sqrt(6.0 / (64 + 1024))));
        output.getParameters().get("weight").setInitializer(KerasInit.uniform(Math.sqrt(6.0 / (64 + 64))));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        long n = ids.getShape().get(0), t = ids.getShape().get(1);
        NDArray tok = Embedding.embedding(ids, ps.getValue(tokens, ids.getDevice(), training), SparseFormat.DENSE).head();
        NDArray x = tok.add(ps.getValue(positions, ids.getDevice(), training)); // (t, 32) broadcast over the batch; t == maxlen

        NDArray q = heads(call(query, ps, x, training, params), n, t);
        NDArray k = heads(call(key, ps, x, training, params), n, t);
        NDArray v = heads(call(value, ps, x, training, params), n, t);
        NDArray scores = q.mul(1.0 / Math.sqrt(KEY_DIM)).matMul(k.transpose(0, 1, 3, 2)); // (n, heads, t, t)
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(n, t, HEADS * KEY_DIM);
        NDArray attention = call(drop1, ps, call(output, ps, context, training, params), training, params);
        NDArray out1 = call(norm1, ps, x.add(attention), training, params);
        NDArray ffn = call(ff2, ps, Activation.relu(call(ff1, ps, out1, training, params)), training, params);
        NDArray out2 = call(norm2, ps, out1.add(call(drop2, ps, ffn, training, params)), training, params);

        NDArray pooled = call(drop3, ps, out2.mean(new int[] {1}), training, params);
        NDArray hidden = call(drop4, ps, Activation.relu(call(dense20, ps, pooled, training, params)), training, params);
        return new NDList(call(dense2, ps, hidden, training, params));
    }

    /** (n, t, heads * key_dim) to (n, heads, t, key_dim). */
    private static NDArray heads(NDArray a, long n, long t) {
        return a.reshape(n, t, HEADS, KEY_DIM).transpose(0, 2, 1, 3);
    }

    private static NDArray call(Block b, ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        return b.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), 2)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        Shape seq = new Shape(n, maxlen, EMBED), heads = new Shape(n, maxlen, HEADS * KEY_DIM), vec = new Shape(n, EMBED);
        for (Block b : new Block[] {query, key, value, drop1, norm1, ff1, norm2}) b.initialize(manager, dataType, seq);
        output.initialize(manager, dataType, heads);
        ff2.initialize(manager, dataType, new Shape(n, maxlen, FF));
        drop2.initialize(manager, dataType, seq);
        drop3.initialize(manager, dataType, vec);
        dense20.initialize(manager, dataType, vec);
        drop4.initialize(manager, dataType, new Shape(n, 20));
        dense2.initialize(manager, dataType, new Shape(n, 20));
    }
}
