package dev.gradus.optimizers;

import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/** Adam's rule, shared by {@link Adam} and {@link AdamW} (which differ only in their weight-decay default). */
abstract class AbstractAdam<T extends AbstractAdam<T>> extends FluentOptimizer<T> {
    private double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7;
    private boolean amsgrad;
    private Variable[] momentums, velocities, velocityHats;

    AbstractAdam(String name, double learningRate) {
        super(name, learningRate);
    }

    /** Decay rate of the first moment, in [0, 1). */
    public T beta1(double beta1) {
        this.beta1 = Check.inHalfOpenRange("beta_1", beta1, 0, 1);
        return self();
    }

    /** Decay rate of the second moment, in [0, 1). */
    public T beta2(double beta2) {
        this.beta2 = Check.inHalfOpenRange("beta_2", beta2, 0, 1);
        return self();
    }

    /** Added to the uncorrected {@code sqrt(v)} ("epsilon hat"). */
    public T epsilon(double epsilon) {
        this.epsilon = Check.nonNegative("epsilon", epsilon);
        return self();
    }

    /** Use the running maximum of the second moment (Reddi et al., 2018). */
    public T amsgrad(boolean amsgrad) {
        checkNotBuilt("amsgrad");
        this.amsgrad = amsgrad;
        return self();
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

    @Override
    protected Map<String, Object> ownConfig() {
        return Config.of("beta_1", beta1, "beta_2", beta2, "epsilon", epsilon, "amsgrad", amsgrad);
    }

    void readOwn(Config.Reader r) {
        beta1(r.getDouble("beta_1", 0.9));
        beta2(r.getDouble("beta_2", 0.999));
        epsilon(r.getDouble("epsilon", 1e-7));
        amsgrad(r.getBoolean("amsgrad", false));
        r.done();
    }
}
