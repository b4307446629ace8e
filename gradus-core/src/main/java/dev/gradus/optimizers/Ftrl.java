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
 * FTRL-proximal (McMahan et al., 2013) with Keras's online L2 ({@code l2_regularization_strength})
 * and shrinkage-type L2 ({@code l2_shrinkage_regularization_strength}) and {@code beta}.
 */
public final class Ftrl extends FluentOptimizer<Ftrl> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Ftrl> ARGS = KerasArgs.of(Ftrl.class, Ftrl::new)
            .real("learning_rate_power", Ftrl::learningRatePower, Ftrl::learningRatePower)
            .real("initial_accumulator_value", Ftrl::initialAccumulatorValue, Ftrl::initialAccumulatorValue)
            .real("l1_regularization_strength", Ftrl::l1RegularizationStrength, Ftrl::l1RegularizationStrength)
            .real("l2_regularization_strength", Ftrl::l2RegularizationStrength, Ftrl::l2RegularizationStrength)
            .real("l2_shrinkage_regularization_strength", Ftrl::l2ShrinkageRegularizationStrength, Ftrl::l2ShrinkageRegularizationStrength)
            .real("beta", Ftrl::beta, Ftrl::beta);

    private double learningRatePower = -0.5, initialAccumulatorValue = 0.1;
    private double l1 = 0.0, l2 = 0.0, l2Shrinkage = 0.0, beta = 0.0;
    private Variable[] accumulators, linears;

    public Ftrl() {
        this(0.001);
    }

    public Ftrl(double learningRate) {
        super("ftrl", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code Ftrl(learning_rate=schedule)}. */
    public Ftrl(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    /** At most 0; 0 keeps the learning rate fixed. */
    public Ftrl learningRatePower(double power) {
        if (!(power <= 0)) throw new IllegalArgumentException("learning_rate_power must be <= 0, got " + power);
        this.learningRatePower = power;
        return this;
    }

    public Ftrl initialAccumulatorValue(double value) {
        checkNotBuilt("initial_accumulator_value");
        this.initialAccumulatorValue = Check.nonNegative("initial_accumulator_value", value);
        return this;
    }

    public Ftrl l1RegularizationStrength(double l1) {
        this.l1 = Check.nonNegative("l1_regularization_strength", l1);
        return this;
    }

    public Ftrl l2RegularizationStrength(double l2) {
        this.l2 = Check.nonNegative("l2_regularization_strength", l2);
        return this;
    }

    public Ftrl l2ShrinkageRegularizationStrength(double l2Shrinkage) {
        this.l2Shrinkage = Check.nonNegative("l2_shrinkage_regularization_strength", l2Shrinkage);
        return this;
    }

    public Ftrl beta(double beta) {
        this.beta = Check.finite("beta", beta);
        return this;
    }

    public double learningRatePower() {
        return learningRatePower;
    }

    public double initialAccumulatorValue() {
        return initialAccumulatorValue;
    }

    public double l1RegularizationStrength() {
        return l1;
    }

    public double l2RegularizationStrength() {
        return l2;
    }

    public double l2ShrinkageRegularizationStrength() {
        return l2Shrinkage;
    }

    public double beta() {
        return beta;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        accumulators = new Variable[variables.size()];
        linears = new Variable[variables.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = addSlot(variables.get(i), "accumulator", initialAccumulatorValue);
            linears[i] = addSlot(variables.get(i), "linear", 0.0);
        }
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        double l2Total = l2 + beta / (2.0 * learningRate);
        OptimizerKernels.ftrl(variable.writableStorage(), accumulators[index].writableStorage(),
                linears[index].writableStorage(), gradient.unsafeBuffer(), (float) learningRate,
                (float) -learningRatePower, (float) l1, (float) l2Total, (float) l2Shrinkage);
    }
}
