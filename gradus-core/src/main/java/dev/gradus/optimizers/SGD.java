package dev.gradus.optimizers;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Gradient descent, with momentum {@code m = momentum * m - lr * g; w += m}, or Nesterov's
 * {@code w += momentum * m - lr * g}. Keras's defaults: learning rate 0.01, no momentum.
 */
public final class SGD extends FluentOptimizer<SGD> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<SGD> ARGS = KerasArgs.of(SGD.class, SGD::new)
            .real("momentum", SGD::momentum, SGD::momentum)
            .bool("nesterov", SGD::nesterov, SGD::nesterov);

    private double momentum = 0.0;
    private boolean nesterov;
    private Variable[] momentums;

    public SGD() {
        this(0.01);
    }

    public SGD(double learningRate) {
        super("SGD", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code SGD(learning_rate=schedule)}. */
    public SGD(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    /** In [0, 1]; 0 is plain gradient descent (and creates no slots). */
    public SGD momentum(double momentum) {
        unitInterval("momentum", momentum);
        if (isBuilt() && (momentum == 0) != (momentums == null)) throw new IllegalStateException(
                "momentum: cannot switch between zero and non-zero momentum after the optimizer is built");
        this.momentum = momentum;
        return this;
    }

    public SGD nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        if (momentum != 0) momentums = addSlots(variables, "momentum")[0];
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        float[] w = variable.writableStorage();
        if (momentums == null) OptimizerKernels.sgd(w, gradient.unsafeBuffer(), (float) learningRate);
        else OptimizerKernels.sgdMomentum(w, momentums[index].writableStorage(), gradient.unsafeBuffer(),
                (float) learningRate, (float) momentum, nesterov);
    }
}
