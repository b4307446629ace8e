package dev.gradus.optimizers;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import dev.gradus.util.Naming;
import java.util.List;
import java.util.Map;

/**
 * LAMB (You et al., 2019): Adam's bias-corrected step {@code r}, scaled per variable by the trust
 * ratio {@code ||w|| / ||r||} (1 when either norm is 0). Weight decay is only the generic decoupled
 * step, as in Keras. Keras's defaults: 0.001, 0.9, 0.999, 1e-7.
 */
public final class Lamb extends AdamFamily<Lamb> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Lamb> ARGS = KerasArgs.of(Lamb.class, Lamb::new);

    private Variable[] momentums, velocities;
    private final double[] norms = new double[2];

    public Lamb() {
        this(0.001);
    }

    public Lamb(double learningRate) {
        // Keras gives Lamb no default name, so it gets the auto name: lamb, lamb_1, ...
        super(Naming.uniqueName("lamb"), learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code Lamb(learning_rate=schedule)}. */
    public Lamb(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        Variable[][] s = addSlots(variables, "momentum", "velocity");
        momentums = s[0];
        velocities = s[1];
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        long t = localStep();
        float b1 = (float) beta1, b2 = (float) beta2, eps = (float) epsilon;
        float c1 = (float) (1 - Math.pow(b1, t)), c2 = (float) (1 - Math.pow(b2, t));
        float[] w = variable.writableStorage(), m = momentums[index].writableStorage(), v = velocities[index].writableStorage();
        OptimizerKernels.lambMoments(w, m, v, gradient.unsafeBuffer(), b1, b2, c1, c2, eps, norms);
        double wNorm = Math.sqrt(norms[0]), rNorm = Math.sqrt(norms[1]);
        double ratio = wNorm > 0 && rNorm > 0 ? wNorm / rNorm : 1.0;
        OptimizerKernels.lambApply(w, m, v, (float) (ratio * learningRate), c1, c2, eps);
    }
}
