package dev.gradus.losses;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;

/** Shape rules and small numeric helpers shared by the losses (Keras's loss.py utilities). */
final class LossSupport {
    private LossSupport() {}

    /** keras.config.epsilon(); used as a float32 constant, as Keras converts it to the loss dtype. */
    static final double EPSILON = 1e-7;

    static Tensor notNull(String fn, String arg, Tensor t) {
        if (t == null) throw new IllegalArgumentException(fn + ": " + arg + " must not be null");
        return t;
    }

    /** Keras's {@code squeeze_or_expand_to_same_rank}, expanding a rank-1 tensor. */
    static Tensor[] sameRank(Tensor x1, Tensor x2) {
        return Ops.squeezeOrExpandToSameRank(x1, x2, true);
    }

    /** Null checks, rank alignment and a broadcast check that names the loss. */
    static Tensor[] aligned(String fn, Tensor yTrue, Tensor yPred) {
        notNull(fn, "y_true", yTrue);
        notNull(fn, "y_pred", yPred);
        Tensor[] a = sameRank(yTrue, yPred);
        broadcastable(fn, a[0], a[1]);
        atLeastRank1(fn, a[1]);
        return a;
    }

    static void broadcastable(String fn, Tensor yTrue, Tensor yPred) {
        try {
            Shape.broadcast(fn, yTrue.shape(), yPred.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(fn + ": y_true of shape " + yTrue.shape() + " and y_pred of shape "
                    + yPred.shape() + " cannot be broadcast together");
        }
    }

    static void sameShape(String fn, Tensor yTrue, Tensor yPred) {
        notNull(fn, "y_true", yTrue);
        notNull(fn, "y_pred", yPred);
        if (!yTrue.shape().equals(yPred.shape())) throw new IllegalArgumentException(fn
                + ": y_true and y_pred must have the same shape, got y_true of shape " + yTrue.shape()
                + " and y_pred of shape " + yPred.shape());
        atLeastRank1(fn, yPred);
    }

    static void atLeastRank1(String fn, Tensor yPred) {
        if (yPred.rank() == 0) throw new IllegalArgumentException(fn + ": y_pred must have rank >= 1, got a scalar");
    }

    static int axis(String fn, Tensor t, int axis) {
        return Shape.normalizeAxis(axis, t.rank(), fn + ": axis");
    }

    /** The crossentropies' check: {@code y_true} and {@code y_pred} of one shape, and {@code axis} resolved against it. */
    static int sameShapeAxis(String fn, Tensor yTrue, Tensor yPred, int axis) {
        sameShape(fn, yTrue, yPred);
        return axis(fn, yPred, axis);
    }

    static double labelSmoothing(double value) {
        if (!(value >= 0 && value <= 1))
            throw new IllegalArgumentException("label_smoothing must be in [0, 1], got " + value);
        return value;
    }

    /** {@code 1 - x}. */
    static Tensor oneMinus(Tensor x) {
        return Ops.sub(Tensor.scalar(1), x);
    }

    /** Checks that {@code labels} hold whole numbers in [0, numClasses) (Keras's JAX backend silently gives 0 otherwise). */
    static void classIndices(String fn, Tensor labels, int numClasses, Double ignoreClass) {
        float[] v = labels.unsafeBuffer();
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            if (ignoreClass != null && x == ignoreClass.floatValue()) continue;
            if (!(x >= 0 && x < numClasses && x == Math.rint(x))) throw new IllegalArgumentException(fn
                    + ": y_true must hold class indices in [0, " + numClasses + "), got " + x + " at flat index " + i
                    + (ignoreClass == null ? "" : " (ignore_class is " + ignoreClass.intValue() + ")"));
        }
    }

    static void checkPair(String fn, Tensor yTrue, Tensor yPred) {
        notNull(fn, "y_true", yTrue);
        notNull(fn, "y_pred", yPred);
        broadcastable(fn, yTrue, yPred);
        atLeastRank1(fn, yPred);
    }

    static double checkGamma(double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma))
            throw new IllegalArgumentException("gamma must be a finite number >= 0, got " + gamma);
        return gamma;
    }

    static double unitInterval(String name, double value) {
        if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        return value;
    }

    static Tensor squeezeLabels(Tensor yTrue, Tensor yPred) {
        if (yTrue.rank() == yPred.rank() && yTrue.rank() > 0 && yTrue.dim(-1) == 1) return Ops.squeeze(yTrue, -1);
        return yTrue;
    }
}
