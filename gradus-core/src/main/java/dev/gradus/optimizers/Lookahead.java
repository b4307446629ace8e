package dev.gradus.optimizers;

import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Lookahead (Zhang et al., 2019): the inner optimizer moves the "fast" weights; every {@code k}
 * steps the "slow" weights move a fraction {@code alpha} of the way towards them,
 * {@code slow += alpha * (fast - slow)}, and the fast weights restart from the slow ones. The slow
 * weights start at the variables' values when the optimizer is built. {@code k} counts calls of
 * {@link #applyGradients}. Defaults k = 5, alpha = 0.5, as in the paper. Not part of Keras.
 */
public final class Lookahead extends OptimizerWrapper<Lookahead> {
    private int k = 5;
    private double alpha = 0.5;
    private Variable[] slow;

    public Lookahead(Optimizer inner) {
        super("lookahead", inner);
    }

    /** Synchronisation period, at least 1. */
    public Lookahead k(int k) {
        this.k = Check.atLeast("k", k, 1);
        return this;
    }

    /** Slow-weight step size, in [0, 1]. */
    public Lookahead alpha(double alpha) {
        this.alpha = Check.inRange("alpha", alpha, 0, 1);
        return this;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        slow = new Variable[variables.size()];
        for (int i = 0; i < slow.length; i++) {
            Variable v = variables.get(i);
            slow[i] = addSlot(v, "slow", 0.0);
            float[] w = v.writableStorage();
            System.arraycopy(w, 0, slow[i].writableStorage(), 0, w.length);
        }
        inner.build(variables);
    }

    @Override
    void applyBuilt(List<Tensor> grads, List<Variable> variables) {
        inner.applyGradients(grads, variables);
        if ((iterationCount() + 1) % k == 0) {
            List<Variable> vars = trainableVariables();
            for (int i = 0; i < slow.length; i++)
                OptimizerKernels.lookaheadSync(slow[i].writableStorage(), vars.get(i).writableStorage(), (float) alpha);
        }
        countStep();
    }

    @Override
    public Tensor scaleLoss(Tensor loss) {
        return inner.scaleLoss(loss);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("name", name(), "inner_optimizer", Optimizers.serialize(inner), "k", k, "alpha", alpha);
    }

    public static Lookahead fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Lookahead", config);
        Map<String, Object> innerConfig = r.getMap("inner_optimizer");
        if (innerConfig == null) throw new IllegalArgumentException("Lookahead: config key 'inner_optimizer' is required");
        Lookahead o = new Lookahead(Optimizers.get(innerConfig)).k(r.getInt("k", 5)).alpha(r.getDouble("alpha", 0.5));
        if (r.has("name")) o.setName(r.getString("name", o.name()));
        r.done();
        return o;
    }
}
