package dev.gradus.optimizers;

import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.KerasArgs;
import java.util.List;

/**
 * Schedule-Free AdamW (Defazio et al., 2024), Keras's {@code ScheduleFreeAdamW}: no learning-rate
 * schedule to pick, because the weights are an interpolation {@code y = (1 - beta_1) z + beta_1 x}
 * between the sequence {@code z} that takes Adam-scaled gradient steps and its running average
 * {@code x}. Gradients are taken at {@code y} (the variables during training); {@code x} is what to
 * evaluate, so call {@link #swapToEval()} before evaluating or saving for inference and
 * {@link #swapToTrain()} before training again, as Keras's {@code swap_to_eval}/{@code swap_to_train}.
 * Keras's defaults: learning rate 0.0025, beta_1 0.9, beta_2 0.999, epsilon 1e-8, no warm-up.
 */
public final class ScheduleFreeAdamW extends AdamFamily<ScheduleFreeAdamW> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<ScheduleFreeAdamW> ARGS = KerasArgs.of(ScheduleFreeAdamW.class, ScheduleFreeAdamW::new)
            .integer("warmup_steps", ScheduleFreeAdamW::warmupSteps, ScheduleFreeAdamW::warmupSteps);

    private int warmupSteps;
    /** z, the sequence the gradient steps move (Keras's "momentum" slot), and the second moments. */
    private Variable[] momentums, velocities;

    public ScheduleFreeAdamW() {
        this(0.0025);
    }

    public ScheduleFreeAdamW(double learningRate) {
        super("schedule_free_adamw", learningRate);
        epsilon(1e-8);
    }

    /** With a learning-rate schedule, as Keras's {@code ScheduleFreeAdamW(learning_rate=schedule)}. */
    public ScheduleFreeAdamW(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    /** The interpolation weight of the average x in the weights, in (0, 1): x is recovered by dividing by it. */
    @Override
    public ScheduleFreeAdamW beta1(double beta1) {
        Check.argument(beta1 > 0, "beta_1 must be > 0 (the average is recovered by dividing by it), got " + beta1);
        return super.beta1(beta1);
    }

    /** Steps over which the learning rate rises linearly from lr/warmup to lr; 0 for none. */
    public ScheduleFreeAdamW warmupSteps(int warmupSteps) {
        this.warmupSteps = Check.atLeast("warmup_steps", warmupSteps, 0);
        return this;
    }

    public int warmupSteps() {
        return warmupSteps;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        Variable[][] slots = addSlots(variables, "momentum", "velocity");
        momentums = slots[0];
        velocities = slots[1];
        // z starts at the initial weights
        for (int i = 0; i < momentums.length; i++) {
            float[] w = variables.get(i).writableStorage();
            System.arraycopy(w, 0, momentums[i].writableStorage(), 0, w.length);
        }
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        float t = localStep();
        float lr = (float) learningRate;
        if (warmupSteps > 0) lr *= Math.min(t / warmupSteps, 1f);
        float b1 = (float) beta1, b2 = (float) beta2, eps = (float) epsilon;
        float correction2 = 1 - (float) Math.pow(b2, t), weight = 1 / t;
        float[] y = variable.writableStorage(), z = momentums[index].writableStorage(),
                v = velocities[index].writableStorage(), g = gradient.unsafeBuffer();
        for (int i = 0; i < y.length; i++) {
            float zOld = z[i];
            v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
            float denom = (float) Math.sqrt(v[i] / correction2) + eps;
            z[i] = zOld - lr * g[i] / denom;
            float xOld = (y[i] - (1 - b1) * zOld) / b1;
            float x = (1 - weight) * xOld + weight * z[i];
            y[i] = (1 - b1) * z[i] + b1 * x;
        }
    }

    /** Sets the weights to the interpolation y the gradients are taken at (after {@link #swapToEval()}). */
    public void swapToTrain() {
        if (!isBuilt()) return;
        List<Variable> vars = trainableVariables();
        float b1 = (float) beta1;
        for (int i = 0; i < vars.size(); i++) {
            float[] w = vars.get(i).value().toFloatArray(), z = momentums[i].writableStorage();
            for (int j = 0; j < w.length; j++) w[j] = (1 - b1) * z[j] + b1 * w[j];
            vars.get(i).assign(Tensor.of(w, vars.get(i).shape().dims()));
        }
    }

    /** Sets the weights to the average x, the point to evaluate; {@link #swapToTrain()} undoes it. */
    public void swapToEval() {
        if (!isBuilt()) return;
        List<Variable> vars = trainableVariables();
        float b1 = (float) beta1;
        for (int i = 0; i < vars.size(); i++) {
            float[] w = vars.get(i).value().toFloatArray(), z = momentums[i].writableStorage();
            for (int j = 0; j < w.length; j++) w[j] = (w[j] - (1 - b1) * z[j]) / b1;
            vars.get(i).assign(Tensor.of(w, vars.get(i).shape().dims()));
        }
    }
}
