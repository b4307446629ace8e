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
 * RMSprop (Hinton, 2012): {@code v = rho * v + (1 - rho) * g^2}, step {@code lr * g / sqrt(v + epsilon)}
 * (epsilon inside the root); {@code centered} subtracts the squared running mean of the gradient
 * from {@code v}; {@code momentum > 0} accumulates the steps. Keras's defaults: 0.001, rho 0.9.
 */
public final class RMSprop extends FluentOptimizer<RMSprop> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<RMSprop> ARGS = KerasArgs.of(RMSprop.class, RMSprop::new)
            .real("rho", RMSprop::rho, RMSprop::rho)
            .real("momentum", RMSprop::momentum, RMSprop::momentum)
            .real("epsilon", RMSprop::epsilon, RMSprop::epsilon)
            .bool("centered", RMSprop::centered, RMSprop::centered);

    private double rho = 0.9, momentum = 0.0, epsilon = 1e-7;
    private boolean centered;
    private Variable[] velocities, momentums, averageGradients;

    public RMSprop() {
        this(0.001);
    }

    public RMSprop(double learningRate) {
        super("rmsprop", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code RMSprop(learning_rate=schedule)}. */
    public RMSprop(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    /** Discount of the running mean of {@code g^2}, in [0, 1]. */
    public RMSprop rho(double rho) {
        this.rho = unitInterval("rho", rho);
        return this;
    }

    /** In [0, 1]; above 0, the steps are accumulated with this momentum. */
    public RMSprop momentum(double momentum) {
        unitInterval("momentum", momentum);
        if (isBuilt() && (momentum > 0) != (momentums != null)) throw new IllegalStateException(
                "momentum: cannot switch between zero and non-zero momentum after the optimizer is built");
        this.momentum = momentum;
        return this;
    }

    public RMSprop epsilon(double epsilon) {
        this.epsilon = Check.nonNegative("epsilon", epsilon);
        return this;
    }

    /** Normalise by the variance of the gradient rather than its second moment. */
    public RMSprop centered(boolean centered) {
        checkNotBuilt("centered");
        this.centered = centered;
        return this;
    }

    public double rho() {
        return rho;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    public boolean centered() {
        return centered;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        // Keras creates each kind for every variable before the next kind
        velocities = addSlots(variables, "velocity")[0];
        if (momentum > 0) momentums = addSlots(variables, "momentum")[0];
        if (centered) averageGradients = addSlots(variables, "average_gradient")[0];
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        OptimizerKernels.rmsprop(variable.writableStorage(), velocities[index].writableStorage(),
                momentums == null ? null : momentums[index].writableStorage(),
                averageGradients == null ? null : averageGradients[index].writableStorage(),
                gradient.unsafeBuffer(), (float) learningRate, (float) rho, (float) momentum, (float) epsilon);
    }
}
