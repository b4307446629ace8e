package dev.gradus.ops;

import dev.gradus.autodiff.Backward;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Conv.Geometry;
import dev.gradus.tensor.kernels.Pool;

/**
 * The gradient rule of an op that ends in {@code act(z + bias)}, the bias over the last axis ({@link MathOps#biasAdd},
 * {@link ConvOps#conv2d} with a bias): an object a max pool's rule recognises, so that after a ReLU it can take the
 * gradients of z and the bias in its own pass and hand them back here for the rest of the op's gradient.
 */
interface BiasReluRule extends Backward {
    /** Whether the activation is ReLU (else the identity). */
    boolean relu();

    /** The gradients of the op's inputs, given those of z (the pre-activation, before the bias) and of the bias. */
    Tensor[] fromPreActivation(Tensor dz, Tensor dBias, boolean[] needed);

    /**
     * The gradients of the op's inputs when a max pool with disjoint windows ({@link Pool#disjoint}) took its ReLU's
     * output: {@code dy} is the pool's output gradient, {@code pooled} its output and {@code argmax} where each
     * maximum was taken. By default z's gradient is formed once ({@link Pool#maxReluBackward}) and handed to
     * {@link #fromPreActivation}.
     */
    default Tensor[] fromPooled(Tensor dy, Tensor pooled, int[] argmax, Geometry pool, boolean[] needed) {
        float[] db = new float[pool.c];
        float[] dz = Pool.maxReluBackward(dy.unsafeBuffer(), pooled.unsafeBuffer(), argmax, pool, db);
        return fromPreActivation(Tensor.wrap(dz, Shape.of(pool.n, pool.h, pool.w, pool.c)), Tensor.wrap(db, Shape.of(pool.c)), needed);
    }
}
