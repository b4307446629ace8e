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

    /**
     * Keras's {@code squeeze_or_expand_to_same_rank}: when the ranks differ by one and the larger
     * tensor ends in a size-1 axis, that axis is squeezed, unless the smaller tensor has rank 1, in
     * which case the smaller one gains a trailing axis instead. Anything else is left to broadcasting.
     */
    static Tensor[] sameRank(Tensor x1, Tensor x2) {
        int r1 = x1.rank(), r2 = x2.rank();
        if (r1 == r2 + 1 && x1.dim(-1) == 1) {
            if (r2 == 1) x2 = Ops.expandDims(x2, -1);
            else x1 = Ops.squeeze(x1, -1);
        } else if (r2 == r1 + 1 && x2.dim(-1) == 1) {
            if (r1 == 1) x1 = Ops.expandDims(x1, -1);
            else x2 = Ops.squeeze(x2, -1);
        }
        return new Tensor[] {x1, x2};
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

    static double labelSmoothing(double value) {
        if (!(value >= 0 && value <= 1))
            throw new IllegalArgumentException("label_smoothing must be in [0, 1], got " + value);
        return value;
    }

    /** {@code 1 - x}. */
    static Tensor oneMinus(Tensor x) {
        return Ops.sub(Tensor.scalar(1), x);
    }

    /** Keras's divide_no_nan: a / b, or 0 where b == 0, with a gradient that stays finite there. */
    static Tensor divideNoNan(Tensor a, Tensor b) {
        Tensor zero = Ops.equal(b, Tensor.scalar(0));
        Tensor safe = Ops.where(zero, Tensor.scalar(1), b);
        return Ops.where(zero, Tensor.scalar(0), Ops.div(a, safe));
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
}
