package dev.gradus.optimizers;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import java.util.List;
import java.util.Map;

/**
 * Adamax, Adam's infinity-norm variant (Kingma and Ba, 2014, section 7):
 * {@code u = max(beta_2 * u, |g|); w -= lr * m / ((1 - beta_1^t) (u + epsilon))}.
 * Keras's defaults: 0.001, 0.9, 0.999, 1e-7.
 */
public final class Adamax extends AdamFamily<Adamax> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Adamax> ARGS = KerasArgs.of(Adamax.class, Adamax::new);

    private Variable[] momentums, norms;

    public Adamax() {
        this(0.001);
    }

    public Adamax(double learningRate) {
        super("adamax", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code Adamax(learning_rate=schedule)}. */
    public Adamax(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    /** Decay rate of the infinity norm, in [0, 1]. */
    @Override
    public Adamax beta2(double beta2) {
        this.beta2 = unitInterval("beta_2", beta2);
        return this;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        Variable[][] s = addSlots(variables, "momentum", "norm");
        momentums = s[0];
        norms = s[1];
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        float b1 = (float) beta1;
        float correction = (float) (1 - Math.pow(b1, localStep()));
        OptimizerKernels.adamax(variable.writableStorage(), momentums[index].writableStorage(),
                norms[index].writableStorage(), gradient.unsafeBuffer(), (float) learningRate, correction,
                b1, (float) beta2, (float) epsilon);
    }
}
