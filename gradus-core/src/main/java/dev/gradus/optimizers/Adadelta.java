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
 * Adadelta (Zeiler, 2012): running means of {@code g^2} and of the squared steps, step
 * {@code -sqrt(d + epsilon) / sqrt(a + epsilon) * g}, scaled by the learning rate.
 * Keras's defaults: 0.001, rho 0.95, epsilon 1e-7.
 */
public final class Adadelta extends FluentOptimizer<Adadelta> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Adadelta> ARGS = KerasArgs.of(Adadelta.class, Adadelta::new)
            .real("rho", Adadelta::rho, Adadelta::rho)
            .real("epsilon", Adadelta::epsilon, Adadelta::epsilon);

    private double rho = 0.95, epsilon = 1e-7;
    private Variable[] accumulatedGrads, accumulatedDeltas;

    public Adadelta() {
        this(0.001);
    }

    public Adadelta(double learningRate) {
        super("adadelta", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code Adadelta(learning_rate=schedule)}. */
    public Adadelta(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    public Adadelta rho(double rho) {
        this.rho = unitInterval("rho", rho);
        return this;
    }

    public Adadelta epsilon(double epsilon) {
        this.epsilon = Check.nonNegative("epsilon", epsilon);
        return this;
    }

    public double rho() {
        return rho;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        Variable[][] s = addSlots(variables, "accumulated_grad", "accumulated_delta_var");
        accumulatedGrads = s[0];
        accumulatedDeltas = s[1];
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        OptimizerKernels.adadelta(variable.writableStorage(), accumulatedGrads[index].writableStorage(),
                accumulatedDeltas[index].writableStorage(), gradient.unsafeBuffer(), (float) learningRate,
                (float) rho, (float) epsilon);
    }
}
