package dev.gradus.optimizers;

import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Adadelta (Zeiler, 2012): running means of {@code g^2} and of the squared steps, step
 * {@code -sqrt(d + epsilon) / sqrt(a + epsilon) * g}, scaled by the learning rate.
 * Keras's defaults: 0.001, rho 0.95, epsilon 1e-7.
 */
public final class Adadelta extends FluentOptimizer<Adadelta> {
    private double rho = 0.95, epsilon = 1e-7;
    private Variable[] accumulatedGrads, accumulatedDeltas;

    public Adadelta() {
        this(0.001);
    }

    public Adadelta(double learningRate) {
        super("adadelta", learningRate);
    }

    /** With a learning-rate schedule, as Keras's {@code Adadelta(learning_rate=schedule)}. */
    public Adadelta(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    public Adadelta rho(double rho) {
        this.rho = unitInterval("rho", rho);
        return this;
    }

    public Adadelta epsilon(double epsilon) {
        this.epsilon = Check.nonNegative("epsilon", epsilon);
        return this;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        Variable[][] s = addSlots(variables, "accumulated_grad", "accumulated_delta_var");
        accumulatedGrads = s[0];
        accumulatedDeltas = s[1];
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        OptimizerKernels.adadelta(variable.writableStorage(), accumulatedGrads[index].writableStorage(),
                accumulatedDeltas[index].writableStorage(), gradient.unsafeBuffer(), (float) learningRate,
                (float) rho, (float) epsilon);
    }

    @Override
    protected Map<String, Object> ownConfig() {
        return Config.of("rho", rho, "epsilon", epsilon);
    }

    public static Adadelta fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Adadelta", config);
        Adadelta o = new Adadelta();
        readBase(r, o);
        o.rho(r.getDouble("rho", 0.95)).epsilon(r.getDouble("epsilon", 1e-7));
        r.done();
        return o;
    }
}
