package dev.gradus.optimizers;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import java.util.List;
import java.util.Map;

/**
 * Nadam, Adam with Nesterov momentum (Dozat, 2015), with the momentum schedule
 * {@code u_t = beta_1 (1 - 0.5 * 0.96^t)} and its running product. Keras's defaults: 0.001, 0.9,
 * 0.999, 1e-7.
 */
public final class Nadam extends AdamFamily<Nadam> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Nadam> ARGS = KerasArgs.of(Nadam.class, Nadam::new);

    private Variable[] momentums, velocities;
    /** The product of the u_t so far, shared by all variables (a variable, so that it is saved). */
    private Variable uProduct;

    public Nadam() {
        this(0.001);
    }

    public Nadam(double learningRate) {
        super("nadam", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code Nadam(learning_rate=schedule)}. */
    public Nadam(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        Variable[][] s = addSlots(variables, "momentum", "velocity");
        momentums = s[0];
        velocities = s[1];
        uProduct = addVariable("u_product", Shape.scalar(), 1.0);
    }

    private float u(long step) {
        return (float) beta1 * (1f - 0.5f * (float) Math.pow(0.96f, step));
    }

    @Override
    protected void beforeUpdates(double learningRate) {
        float[] p = uProduct.writableStorage();
        p[0] = p[0] * u(localStep());
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        long t = localStep();
        float uT = u(t), uNext = u(t + 1);
        float product = uProduct.writableStorage()[0];
        float productNext = product * uNext;
        float vDenom = 1f - (float) Math.pow((float) beta2, t);
        OptimizerKernels.nadam(variable.writableStorage(), momentums[index].writableStorage(),
                velocities[index].writableStorage(), gradient.unsafeBuffer(), (float) learningRate,
                (float) beta1, (float) beta2, uNext, 1f - productNext, 1f - uT, 1f - product, vDenom, (float) epsilon);
    }
}
