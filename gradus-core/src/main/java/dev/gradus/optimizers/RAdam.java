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
 * Rectified Adam (Liu et al., 2019, Algorithm 2). With {@code rho_inf = 2 / (1 - beta_2) - 1} and
 * {@code rho_t = rho_inf - 2 t beta_2^t / (1 - beta_2^t)}: while {@code rho_t <= 4} the variance of
 * the adaptive rate is intractable and the step is momentum SGD, {@code w -= lr * m / (1 - beta_1^t)};
 * afterwards it is Adam's step times the rectification
 * {@code r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))}.
 * Epsilon is added to the uncorrected {@code sqrt(v)}, as in Gradus's (and Keras's) Adam; the
 * paper's threshold is 4 (PyTorch's implementation uses 5). Not part of Keras.
 */
public final class RAdam extends AdamFamily<RAdam> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<RAdam> ARGS = KerasArgs.of(RAdam.class, RAdam::new);

    private Variable[] momentums, velocities;

    public RAdam() {
        this(0.001);
    }

    public RAdam(double learningRate) {
        super("radam", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code RAdam(learning_rate=schedule)}. */
    public RAdam(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        Variable[][] s = addSlots(variables, "momentum", "velocity");
        momentums = s[0];
        velocities = s[1];
    }

    /** The rectification term r_t, or NaN while the variance is intractable ({@code rho_t <= 4}). */
    static double rectification(double beta2, long t) {
        double b2t = Math.pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * t * b2t / (1 - b2t);
        if (!(rhoT > 4)) return Double.NaN;
        return Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        long t = localStep();
        float b1 = (float) beta1, b2 = (float) beta2;
        double b1Correction = 1 - Math.pow(beta1, t);
        double r = rectification(beta2, t);
        float[] w = variable.writableStorage(), m = momentums[index].writableStorage(), v = velocities[index].writableStorage();
        if (Double.isNaN(r)) {
            OptimizerKernels.adamMomentumOnly(w, m, v, gradient.unsafeBuffer(), (float) (learningRate / b1Correction), b1, b2);
        } else {
            float alpha = (float) (learningRate * r * Math.sqrt(1 - Math.pow(beta2, t)) / b1Correction);
            OptimizerKernels.adam(w, m, v, null, gradient.unsafeBuffer(), alpha, b1, b2, (float) epsilon);
        }
    }
}
