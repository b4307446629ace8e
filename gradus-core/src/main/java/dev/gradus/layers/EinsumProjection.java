package dev.gradus.layers;

import dev.gradus.autodiff.Variable;
import dev.gradus.constraints.Constraint;
import dev.gradus.initializers.Initializer;
import dev.gradus.ops.Ops;
import dev.gradus.regularizers.Regularizer;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * The projections inside {@link MultiHeadAttention}, Keras's {@code EinsumDense} sublayers with its
 * weight layout: the last {@code contracted} input axes are multiplied with a kernel of shape
 * {@code contracted dims ++ outDims} and a bias of shape {@code outDims} is added. Query/key/value are
 * {@code "abc,cde->abde"} (kernel {@code (dim, heads, key_dim)}, bias {@code (heads, key_dim)}); the
 * output is {@code "abcd,cde->abe"} (kernel {@code (heads, value_dim, out)}, bias {@code (out)}).
 * Computed as one matrix product over flattened axes.
 */
final class EinsumProjection extends Layer {
    private final int contracted;
    private final int[] outDims;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
    private final Regularizer kernelRegularizer;
    private final Regularizer biasRegularizer;
    private final Constraint kernelConstraint;
    private final Constraint biasConstraint;
    private Variable kernel;
    private Variable bias;

    EinsumProjection(String name, int contracted, int[] outDims, MultiHeadAttention owner) {
        this.contracted = contracted;
        this.outDims = outDims.clone();
        this.useBias = owner.useBias;
        this.kernelInitializer = owner.kernelInitializer;
        this.biasInitializer = owner.biasInitializer;
        this.kernelRegularizer = owner.kernelRegularizer;
        this.biasRegularizer = owner.biasRegularizer;
        this.kernelConstraint = owner.kernelConstraint;
        this.biasConstraint = owner.biasConstraint;
        activityRegularizer(owner.projectionActivityRegularizer);
        name(name);
    }

    @Override
    protected void build(int[] inputShape) {
        int[] in = Arrays.copyOfRange(inputShape, inputShape.length - contracted, inputShape.length);
        for (int d : in) if (d == NONE) throw new IllegalArgumentException("MultiHeadAttention: the last dimension of the "
                + "inputs must be known, got shape " + formatShape(inputShape));
        int[] k = new int[contracted + outDims.length];
        System.arraycopy(in, 0, k, 0, contracted);
        System.arraycopy(outDims, 0, k, contracted, outDims.length);
        kernel = addWeight("kernel", k, kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) bias = addWeight("bias", outDims, biasInitializer, biasRegularizer, biasConstraint, true);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int[] dims = inputs.shape().dims();
        int lead = dims.length - contracted, in = 1, out = 1;
        for (int i = lead; i < dims.length; i++) in *= dims[i];
        for (int d : outDims) out *= d;
        int[] flat = Arrays.copyOf(dims, lead + 1);
        flat[lead] = in;
        Tensor y = Ops.matmul(Ops.reshape(inputs, flat), Ops.reshape(kernel.value(), in, out));
        // the fused bias op: the same sums as add, and one pass backward instead of a broadcast reduction
        if (bias != null) y = Ops.biasAdd(y, Ops.reshape(bias.value(), out), false);
        int[] shape = Arrays.copyOf(dims, lead + outDims.length);
        System.arraycopy(outDims, 0, shape, lead, outDims.length);
        return Ops.reshape(y, shape);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int lead = inputShape.length - contracted;
        int[] shape = Arrays.copyOf(inputShape, lead + outDims.length);
        System.arraycopy(outDims, 0, shape, lead, outDims.length);
        return shape;
    }
}
