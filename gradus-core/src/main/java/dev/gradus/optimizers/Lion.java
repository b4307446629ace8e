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
 * Lion (Chen et al., 2023): {@code w -= lr * sign(beta_1 * m + (1 - beta_1) * g)}, then
 * {@code m = beta_2 * m + (1 - beta_2) * g}. Keras's defaults: 0.001, 0.9, 0.99.
 */
public final class Lion extends FluentOptimizer<Lion> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Lion> ARGS = KerasArgs.of(Lion.class, Lion::new)
            .real("beta_1", Lion::beta1, Lion::beta1)
            .real("beta_2", Lion::beta2, Lion::beta2);

    private double beta1 = 0.9, beta2 = 0.99;
    private Variable[] momentums;

    public Lion() {
        this(0.001);
    }

    public Lion(double learningRate) {
        super("lion", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code Lion(learning_rate=schedule)}. */
    public Lion(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    /** In (0, 1]. */
    public Lion beta1(double beta1) {
        if (!(beta1 > 0 && beta1 <= 1)) throw new IllegalArgumentException("beta_1 must be in (0, 1], got " + beta1);
        this.beta1 = beta1;
        return this;
    }

    public Lion beta2(double beta2) {
        this.beta2 = unitInterval("beta_2", beta2);
        return this;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        momentums = addSlots(variables, "momentum")[0];
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        OptimizerKernels.lion(variable.writableStorage(), momentums[index].writableStorage(), gradient.unsafeBuffer(),
                (float) learningRate, (float) beta1, (float) beta2);
    }
}
