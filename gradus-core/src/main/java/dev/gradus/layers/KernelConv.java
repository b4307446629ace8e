package dev.gradus.layers;

import dev.gradus.autodiff.Variable;
import dev.gradus.constraints.Constraint;
import dev.gradus.constraints.Constraints;
import dev.gradus.initializers.Initializer;
import dev.gradus.initializers.Initializers;
import dev.gradus.regularizers.Regularizer;
import dev.gradus.regularizers.Regularizers;
import dev.gradus.util.Check;
import dev.gradus.util.Config;

/**
 * The convolutions with one kernel of {@code filters} outputs (Conv and ConvTranspose): {@code filters}
 * and the kernel's initializer, regularizer and constraint, written as Keras names them.
 *
 * @param <T> the concrete layer, so that the fluent setters return it
 */
public abstract class KernelConv<T extends KernelConv<T>> extends ConvLayer<T> {
    final int filters;
    Initializer kernelInitializer = Initializers.get("glorot_uniform");
    Regularizer kernelRegularizer;
    Constraint kernelConstraint;
    Variable kernel;

    KernelConv(int rank, int filters, int[] kernelSize) {
        super(rank, kernelSize);
        this.filters = Check.atLeast("filters", filters, 1);
    }

    public T kernelInitializer(String initializer) {
        return kernelInitializerFrom(initializer);
    }

    public T kernelInitializer(dev.gradus.initializers.Initializer initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T kernelInitializer(java.util.Map<String, ?> initializer) {
        return kernelInitializerFrom(initializer);
    }

    /** Any of the forms above, as read from a config. */
    T kernelInitializerFrom(Object initializer) {
        this.kernelInitializer = Check.notNull("kernel_initializer", Initializers.get(initializer));
        return self();
    }

    public T kernelRegularizer(String regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    public T kernelRegularizer(dev.gradus.regularizers.Regularizer regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T kernelRegularizer(java.util.Map<String, ?> regularizer) {
        return kernelRegularizerFrom(regularizer);
    }

    /** Any of the forms above, as read from a config. */
    T kernelRegularizerFrom(Object regularizer) {
        this.kernelRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public T kernelConstraint(String constraint) {
        return kernelConstraintFrom(constraint);
    }

    public T kernelConstraint(dev.gradus.constraints.Constraint constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** A Keras config map ({@code {"class_name": ..., "config": ...}}). */
    public T kernelConstraint(java.util.Map<String, ?> constraint) {
        return kernelConstraintFrom(constraint);
    }

    /** Any of the forms above, as read from a config. */
    T kernelConstraintFrom(Object constraint) {
        this.kernelConstraint = Constraints.get(constraint);
        return self();
    }

    /** The kernel; null before the layer is built. */
    public Variable kernel() {
        return kernel;
    }

    /** Adds the kernel of {@code shape} with the layer's initializer, regularizer and constraint. */
    final void buildKernel(int[] shape) {
        kernel = addWeight("kernel", shape, kernelInitializer, kernelRegularizer, kernelConstraint, true);
    }

    /** {@code kernel_size} followed by {@code a, b}: the kernel's shape. */
    final int[] kernelShape(int a, int b) {
        int[] shape = new int[rank + 2];
        System.arraycopy(kernelSize, 0, shape, 0, rank);
        shape[rank] = a;
        shape[rank + 1] = b;
        return shape;
    }

    /** Reads the shared keys and the kernel's into {@code layer}; the caller reads its own and calls {@code r.done()}. */
    static <L extends KernelConv<L>> L readKernel(L layer, Config.Reader r) {
        readCommon(layer, r)
                .kernelInitializerFrom(r.has("kernel_initializer") ? r.get("kernel_initializer") : "glorot_uniform")
                .kernelRegularizerFrom(r.get("kernel_regularizer"))
                .kernelConstraintFrom(r.get("kernel_constraint"));
        return layer;
    }
}
