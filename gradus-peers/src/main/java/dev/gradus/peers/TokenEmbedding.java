package dev.gradus.peers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Keras's {@code Embedding(vocab, dim)} on int64 token indices: (batch, time) to (batch, time, dim), a table
 * initialised uniform(-0.05, 0.05) (set through {@link #table()} before the trainer initialises). DJL's own
 * embeddings are built around item vocabularies; this is the plain lookup (PyTorch's {@code embedding}).
 */
final class TokenEmbedding extends AbstractBlock {
    private final Parameter table;
    private final int dim;

    TokenEmbedding(int vocab, int dim) {
        this.dim = dim;
        table = addParameter(Parameter.builder().setName("embeddings").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocab, dim)).build());
    }

    Parameter table() {
        return table;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        var x = inputs.singletonOrThrow();
        return Embedding.embedding(x, ps.getValue(table, x.getDevice(), training), SparseFormat.DENSE);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {inputs[0].add(dim)};
    }
}
