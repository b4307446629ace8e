package dev.gradus.optimizers;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/** Adam's rule, shared by {@link Adam} and {@link AdamW} (which differ only in their weight-decay default). */
abstract class AbstractAdam<T extends AbstractAdam<T>> extends AdamFamily<T> {
    /** Keras's arguments the family shares, declared once for all of its optimizers. */
    @SuppressWarnings("rawtypes")
    static final KerasArgs<AbstractAdam> ARGS = KerasArgs.shared(AbstractAdam.class)
            .bool("amsgrad", AbstractAdam::amsgrad, AbstractAdam::amsgrad);

    private boolean amsgrad;
    private Variable[] momentums, velocities, velocityHats;

    AbstractAdam(String name, double learningRate) {
        super(name, learningRate);
    }

    /** Use the running maximum of the second moment (Reddi et al., 2018). */
    public T amsgrad(boolean amsgrad) {
        checkNotBuilt("amsgrad");
        this.amsgrad = amsgrad;
        return self();
    }

    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        Variable[][] s = addSlots(variables, "momentum", "velocity");
        momentums = s[0];
        velocities = s[1];
        if (amsgrad) velocityHats = addSlots(variables, "velocity_hat")[0];
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        long t = localStep();
        float b1 = (float) beta1, b2 = (float) beta2;
        double b1Power = Math.pow(b1, t), b2Power = Math.pow(b2, t);
        float alpha = (float) (learningRate * Math.sqrt(1 - b2Power) / (1 - b1Power));
        OptimizerKernels.adam(variable.writableStorage(), momentums[index].writableStorage(),
                velocities[index].writableStorage(), amsgrad ? velocityHats[index].writableStorage() : null,
                gradient.unsafeBuffer(), alpha, b1, b2, (float) epsilon);
    }
}
