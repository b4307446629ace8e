package dev.gradus.metrics;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;

/**
 * The checks the accuracy metrics share, and the metrics' epsilon. Each metric's formula is in its
 * own class ({@code BinaryAccuracy.compute}); {@link Metrics} exposes them as Keras's function forms.
 */
final class CoreFunctions {
    static final double EPSILON = 1e-7;

    private CoreFunctions() {}

    static void checkLabels(String fn, Tensor labels, int classes) {
        for (float v : labels.unsafeBuffer()) {
            if (!(v >= 0 && v < classes)) throw new IllegalArgumentException(fn + ": yTrue must hold class indices in [0, "
                    + classes + "), got " + v);
        }
    }

    static Tensor squeezeLast(String fn, Tensor x) {
        if (x.dim(-1) != 1) throw new IllegalArgumentException(fn + ": yTrue must have one more axis than yPred's labels, got "
                + "labels of shape " + x.shape());
        return Ops.squeeze(x, -1);
    }
}
