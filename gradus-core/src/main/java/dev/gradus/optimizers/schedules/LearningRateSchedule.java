package dev.gradus.optimizers.schedules;

import java.util.Map;

/**
 * A learning rate as a function of the optimizer's step, as {@code keras.optimizers.schedules}:
 * the optimizer calls {@link #apply(long)} with its raw iteration count (0 for the first update).
 * The built-in schedules are serializable; a lambda is a schedule too, and can be given to any
 * optimizer, but has no config to save:
 *
 * <pre>{@code
 * LearningRateSchedule inverse = step -> 0.1 / (step + 1);
 * Optimizer sgd = new SGD().learningRate(inverse);
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /** The learning rate for the update that follows {@code step} completed updates. */
    double apply(long step);

    /**
     * The Keras config (the constructor arguments, snake_case). A lambda has none; register a class
     * with {@link LearningRateSchedules#register} to save one.
     */
    default Map<String, Object> getConfig() {
        throw new UnsupportedOperationException("Learning rate schedule " + getClass().getName()
                + " has no config: it is a lambda or a class that does not override getConfig(), so it cannot be saved."
                + " Extend AbstractLearningRateSchedule and register it with LearningRateSchedules.register to make it serializable.");
    }

    // ------------------------------------------------------------------ factories (Keras's classes)

    static ExponentialDecay exponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        return new ExponentialDecay(initialLearningRate, decaySteps, decayRate);
    }

    static PiecewiseConstantDecay piecewiseConstantDecay(long[] boundaries, double[] values) {
        return new PiecewiseConstantDecay(boundaries, values);
    }

    static PolynomialDecay polynomialDecay(double initialLearningRate, long decaySteps) {
        return new PolynomialDecay(initialLearningRate, decaySteps);
    }

    static InverseTimeDecay inverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
        return new InverseTimeDecay(initialLearningRate, decaySteps, decayRate);
    }

    static CosineDecay cosineDecay(double initialLearningRate, long decaySteps) {
        return new CosineDecay(initialLearningRate, decaySteps);
    }

    static CosineDecayRestarts cosineDecayRestarts(double initialLearningRate, long firstDecaySteps) {
        return new CosineDecayRestarts(initialLearningRate, firstDecaySteps);
    }
}
