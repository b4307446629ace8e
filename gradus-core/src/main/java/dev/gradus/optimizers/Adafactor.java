package dev.gradus.optimizers;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Adafactor (Shazeer and Stern, 2018): for variables of rank 2 or more the second moment is
 * factored into running row and column means over the last two axes, so the optimizer keeps
 * {@code O(rows + cols)} state per matrix besides the reconstructed moment. The step is scaled by
 * {@code max(epsilon_2, RMS(w))} and clipped by its own RMS ({@code clip_threshold}). With a
 * constant learning rate and {@code relative_step}, the rate is capped at {@code 1/sqrt(t)}.
 */
public final class Adafactor extends FluentOptimizer<Adafactor> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Adafactor> ARGS = KerasArgs.of(Adafactor.class, Adafactor::new)
            .real("beta_2_decay", Adafactor::beta2Decay, Adafactor::beta2Decay)
            .real("epsilon_1", Adafactor::epsilon1, Adafactor::epsilon1)
            .real("epsilon_2", Adafactor::epsilon2, Adafactor::epsilon2)
            .real("clip_threshold", Adafactor::clipThreshold, Adafactor::clipThreshold)
            .bool("relative_step", Adafactor::relativeStep, Adafactor::relativeStep);

    private double beta2Decay = -0.8, epsilon1 = 1e-30, epsilon2 = 1e-3, clipThreshold = 1.0;
    private boolean relativeStep = true;
    private Variable[] rows, cols, velocities;
    private double[][] colSums;

    public Adafactor() {
        this(0.001);
    }

    public Adafactor(double learningRate) {
        super("adafactor", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code Adafactor(learning_rate=schedule)}. */
    public Adafactor(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    /** The exponent of {@code beta_2 = 1 - t^beta_2_decay}. */
    public Adafactor beta2Decay(double beta2Decay) {
        this.beta2Decay = Check.finite("beta_2_decay", beta2Decay);
        return this;
    }

    /** Added to {@code g^2}, keeping the denominator away from 0. */
    public Adafactor epsilon1(double epsilon1) {
        this.epsilon1 = Check.nonNegative("epsilon_1", epsilon1);
        return this;
    }

    /** The floor of the weights' RMS in the step size. */
    public Adafactor epsilon2(double epsilon2) {
        this.epsilon2 = Check.nonNegative("epsilon_2", epsilon2);
        return this;
    }

    public Adafactor clipThreshold(double clipThreshold) {
        this.clipThreshold = Check.positive("clip_threshold", clipThreshold);
        return this;
    }

    public Adafactor relativeStep(boolean relativeStep) {
        this.relativeStep = relativeStep;
        return this;
    }

    public double beta2Decay() {
        return beta2Decay;
    }

    public double epsilon1() {
        return epsilon1;
    }

    public double epsilon2() {
        return epsilon2;
    }

    public double clipThreshold() {
        return clipThreshold;
    }

    public boolean relativeStep() {
        return relativeStep;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        int n = variables.size();
        rows = new Variable[n];
        cols = new Variable[n];
        velocities = new Variable[n];
        colSums = new double[n][];
        for (int i = 0; i < n; i++) {
            Variable v = variables.get(i);
            int[] d = v.shape().dims();
            if (d.length < 2) {
                // Keras keeps scalar placeholders for unfactored variables, so the variable list lines up
                rows[i] = addVariable(v.name() + "_r", Shape.scalar(), 0.0);
                cols[i] = addVariable(v.name() + "_c", Shape.scalar(), 0.0);
            } else {
                int[] rShape = java.util.Arrays.copyOf(d, d.length - 1);
                int[] cShape = java.util.Arrays.copyOf(d, d.length - 1);
                cShape[d.length - 2] = d[d.length - 1];
                rows[i] = addVariable(v.name() + "_r", Shape.of(rShape), 0.0);
                cols[i] = addVariable(v.name() + "_c", Shape.of(cShape), 0.0);
                colSums[i] = new double[d[d.length - 1]];
            }
            velocities[i] = addSlot(v, "velocity", 0.0);
        }
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        if (variable.shape().size() == 0) return;
        double t = localStep();
        double lr = learningRate;
        if (hasConstantLearningRate() && relativeStep) lr = Math.min(lr, 1 / Math.sqrt(t));
        double rho = Math.min(lr, 1 / Math.sqrt(t));
        float[] w = variable.writableStorage(), g = gradient.unsafeBuffer(), v = velocities[index].writableStorage();
        double weightRms = Math.sqrt(OptimizerKernels.sumOfSquares(w) / w.length);
        float alpha = (float) (Math.max(epsilon2, weightRms) * rho);
        float beta = (float) (1 - Math.pow(t, beta2Decay));
        int[] d = variable.shape().dims();
        if (d.length >= 2) {
            int c = d[d.length - 1], r = d[d.length - 2], batch = w.length / Math.max(1, r * c);
            OptimizerKernels.adafactorFactored(v, rows[index].writableStorage(), cols[index].writableStorage(), g,
                    batch, r, c, beta, (float) epsilon1, colSums[index]);
        } else {
            OptimizerKernels.adafactorMoment(v, g, beta, (float) epsilon1);
        }
        double updateRms = Math.sqrt(OptimizerKernels.adafactorUpdateSquares(g, v) / w.length);
        float denominator = (float) Math.max(1.0, updateRms / clipThreshold);
        OptimizerKernels.adafactorApply(w, g, v, alpha, denominator);
    }
}
