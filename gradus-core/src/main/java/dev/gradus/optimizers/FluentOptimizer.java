package dev.gradus.optimizers;

import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.util.Check;
import java.util.Collection;
import java.util.function.DoubleSupplier;

/**
 * The base class of the optimizers that take Keras's base arguments ({@code weight_decay},
 * {@code clipnorm}, {@code use_ema}, ...). Its setters return the optimizer's own type, so that
 * options chain in any order: {@code new Adam(1e-3).clipnorm(1.0).amsgrad(true)}. Each setter
 * checks its value when it is set.
 */
public abstract class FluentOptimizer<T extends FluentOptimizer<T>> extends Optimizer {

    protected FluentOptimizer(String name, double learningRate) {
        super(name, learningRate);
    }

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    public T name(String name) {
        setName(name);
        return self();
    }

    @Override
    public T learningRate(double learningRate) {
        super.learningRate(learningRate);
        return self();
    }

    @Override
    public T learningRate(LearningRateSchedule schedule) {
        super.learningRate(schedule);
        return self();
    }

    @Override
    public T learningRate(DoubleSupplier supplier) {
        super.learningRate(supplier);
        return self();
    }

    /** Decoupled weight decay: {@code w -= w * weight_decay * learning_rate} before each update. */
    public T weightDecay(double weightDecay) {
        setWeightDecay(weightDecay);
        return self();
    }

    /** Clips each gradient to this L2 norm. At most one of clipnorm, clipvalue and global_clipnorm. */
    public T clipnorm(double clipnorm) {
        setClip("clipnorm", clipnorm);
        return self();
    }

    /** Clips each gradient element to {@code [-clipvalue, clipvalue]}. */
    public T clipvalue(double clipvalue) {
        setClip("clipvalue", clipvalue);
        return self();
    }

    /** Scales all gradients together so that their joint L2 norm is at most this. */
    public T globalClipnorm(double globalClipnorm) {
        setClip("global_clipnorm", globalClipnorm);
        return self();
    }

    /** Keeps an exponential moving average of the weights (see {@link #emaMomentum}, {@link #emaOverwriteFrequency}). */
    public T useEma(boolean useEma) {
        setUseEma(useEma);
        return self();
    }

    /** {@code average = m * average + (1 - m) * weight}; in [0, 1]. */
    public T emaMomentum(double emaMomentum) {
        setEmaMomentum(emaMomentum);
        return self();
    }

    /** Every this many updates, the weights are overwritten with their moving average. */
    public T emaOverwriteFrequency(int frequency) {
        setEmaOverwriteFrequency(frequency);
        return self();
    }

    /** A static loss scale: {@link #scaleLoss} multiplies by it and the gradients are divided by it. */
    public T lossScaleFactor(double factor) {
        setLossScaleFactor(factor);
        return self();
    }

    /** Update every {@code steps} calls with the mean of the gradients since the last update (at least 2). */
    public T gradientAccumulationSteps(int steps) {
        setGradientAccumulationSteps(steps);
        return self();
    }

    @Override
    public T excludeFromWeightDecay(Collection<Variable> variables, Collection<String> names) {
        super.excludeFromWeightDecay(variables, names);
        return self();
    }

    @Override
    public T excludeFromWeightDecay(String... names) {
        super.excludeFromWeightDecay(names);
        return self();
    }

    @Override
    public T excludeFromWeightDecay(Variable... variables) {
        super.excludeFromWeightDecay(variables);
        return self();
    }

    /** A momentum-like argument in [0, 1]. */
    static double unitInterval(String name, double value) {
        return Check.inRange(name, value, 0, 1);
    }
}
