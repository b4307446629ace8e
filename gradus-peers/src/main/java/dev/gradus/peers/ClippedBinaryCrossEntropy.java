package dev.gradus.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Binary cross-entropy on sigmoid probabilities, as Keras 3 computes {@code binary_crossentropy} for a model
 * whose last layer is {@code Dense(1, activation="sigmoid")} on its JAX, PyTorch and NumPy backends (and as
 * Gradus does): the probability is clipped to [1e-7, 1 - 1e-7] before the log. An example the model gets
 * wrong with a probability under 1e-7 then adds a constant and no gradient, where the loss from the logit
 * (PyTorch's usual {@code binary_cross_entropy_with_logits}) keeps pulling on it with a gradient near 1. W4 is
 * compiled with the probability form, so its peer uses this one to train the same model as Gradus does. The
 * block still outputs the logit; only the loss applies the sigmoid.
 */
final class ClippedBinaryCrossEntropy extends Loss {
    ClippedBinaryCrossEntropy() {
        super("ClippedBinaryCrossEntropy");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        float eps = ClippedCrossEntropy.EPSILON;
        NDArray p = Activation.sigmoid(predictions.singletonOrThrow()).clip(eps, 1f - eps);
        NDArray t = labels.singletonOrThrow();
        // -[t log p + (1 - t) log(1 - p)], averaged over the batch
        NDArray bce = t.mul(p.log()).add(t.neg().add(1f).mul(p.neg().add(1f).log()));
        return bce.neg().mean();
    }
}
