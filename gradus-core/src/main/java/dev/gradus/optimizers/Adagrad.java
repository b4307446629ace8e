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
 * Adagrad (Duchi et al., 2011): {@code a += g^2; w -= lr * g / sqrt(a + epsilon)}, the accumulator
 * starting at {@code initial_accumulator_value} (0.1). Keras's defaults: 0.001, epsilon 1e-7.
 */
public final class Adagrad extends FluentOptimizer<Adagrad> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Adagrad> ARGS = KerasArgs.of(Adagrad.class, Adagrad::new)
            .real("initial_accumulator_value", Adagrad::initialAccumulatorValue, Adagrad::initialAccumulatorValue)
            .real("epsilon", Adagrad::epsilon, Adagrad::epsilon);

    private double initialAccumulatorValue = 0.1, epsilon = 1e-7;
    private Variable[] accumulators;

    public Adagrad() {
        this(0.001);
    }

    public Adagrad(double learningRate) {
        super("adagrad", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code Adagrad(learning_rate=schedule)}. */
    public Adagrad(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    public Adagrad initialAccumulatorValue(double value) {
        checkNotBuilt("initial_accumulator_value");
        this.initialAccumulatorValue = Check.nonNegative("initial_accumulator_value", value);
        return this;
    }

    public Adagrad epsilon(double epsilon) {
        this.epsilon = Check.nonNegative("epsilon", epsilon);
        return this;
    }

    public double initialAccumulatorValue() {
        return initialAccumulatorValue;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        accumulators = new Variable[variables.size()];
        for (int i = 0; i < accumulators.length; i++)
            accumulators[i] = addSlot(variables.get(i), "accumulator", initialAccumulatorValue);
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        OptimizerKernels.adagrad(variable.writableStorage(), accumulators[index].writableStorage(),
                gradient.unsafeBuffer(), (float) learningRate, (float) epsilon);
    }
}
