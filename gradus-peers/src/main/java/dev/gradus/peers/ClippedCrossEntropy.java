package dev.gradus.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.loss.Loss;

/**
 * Sparse categorical cross-entropy on softmax probabilities, as Keras 3 computes it for a model whose last
 * layer is {@code Dense(k, activation="softmax")} on its JAX, PyTorch and NumPy backends (and as Gradus
 * does): the probabilities are clipped to [1e-7, 1 - 1e-7] before the log, so an example the model gets
 * wrong with a probability under 1e-7 adds a constant and no gradient. PyTorch's usual loss (and Keras's
 * TensorFlow backend, which reaches back to the softmax's logits) takes the log-softmax of the logits
 * instead, which keeps that gradient. keras.io's text classifier (W5) is compiled with the probability
 * form, so W5's peer uses this one to train the same model as Gradus does (on PyTorch the two forms ended
 * W5's four epochs within the spread of the seeds). The block still outputs logits; only the loss applies
 * the softmax.
 */
final class ClippedCrossEntropy extends Loss {
    /** keras.config.epsilon(), the clip both clipped losses apply. */
    static final float EPSILON = 1e-7f;

    ClippedCrossEntropy() {
        super("ClippedCrossEntropy");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray probabilities = predictions.singletonOrThrow().softmax(-1).clip(EPSILON, 1f - EPSILON);
        NDArray label = labels.singletonOrThrow();
        NDArray picked = probabilities.log().get(new NDIndex().addAllDim().addPickDim(label));
        return picked.neg().mean();
    }
}
