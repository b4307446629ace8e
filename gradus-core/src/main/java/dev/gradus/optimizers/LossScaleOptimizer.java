package dev.gradus.optimizers;

import dev.gradus.autodiff.Variable;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.Naming;
import java.util.List;
import java.util.Map;

/**
 * Dynamic loss scaling around another optimizer, as Keras's: {@link #scaleLoss} multiplies the loss
 * by the current scale; a step whose gradients are all finite is applied (divided by the scale) and,
 * after {@code dynamic_growth_steps} such steps in a row, the scale doubles; a step with any
 * non-finite gradient is skipped and the scale halves. The base arguments belong to the inner
 * optimizer, whose own {@code loss_scale_factor} is cleared so that gradients are not unscaled twice.
 */
public final class LossScaleOptimizer extends OptimizerWrapper<LossScaleOptimizer> {
    private double initialScale = 32768.0;
    private int dynamicGrowthSteps = 2000;
    private Variable stepCounter, dynamicScale;

    public LossScaleOptimizer(Optimizer inner) {
        // Keras builds the wrapper with learning_rate=0.0, which is what its variable list holds
        super(Naming.uniqueName("loss_scale_optimizer"), 0.0, inner);
        inner.setLossScaleFactor(null);
    }

    public LossScaleOptimizer initialScale(double scale) {
        checkNotBuilt("initial_scale");
        this.initialScale = Check.positive("initial_scale", scale);
        return this;
    }

    public LossScaleOptimizer dynamicGrowthSteps(int steps) {
        this.dynamicGrowthSteps = Check.atLeast("dynamic_growth_steps", steps, 1);
        return this;
    }

    /** The current loss scale (the initial one until the first step). */
    public double lossScale() {
        return dynamicScale == null ? initialScale : dynamicScale.writableStorage()[0];
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        stepCounter = addVariable("step_counter", Shape.scalar(), 0.0);
        dynamicScale = addVariable("dynamic_scale", Shape.scalar(), initialScale);
        inner.build(variables);
    }

    @Override
    void applyBuilt(List<Tensor> grads, List<Variable> variables) {
        boolean finite = true;
        for (Tensor g : grads) if (g != null && !OptimizerKernels.allFinite(g.unsafeBuffer())) finite = false;
        float[] scale = dynamicScale.writableStorage();
        float[] counter = stepCounter.writableStorage();
        if (finite) {
            inner.apply(grads, variables, scale[0]);
            if (counter[0] == dynamicGrowthSteps - 1) {
                counter[0] = 0;
                scale[0] *= 2;
            } else {
                counter[0] += 1;
            }
        } else {
            counter[0] = 0;
            scale[0] /= 2;
        }
    }

    @Override
    public Tensor scaleLoss(Tensor loss) {
        return loss.mul(lossScale());
    }

    // the learning rate (OptimizerWrapper) and the step count are the inner optimizer's, as in Keras

    @Override
    public Variable iterations() {
        return inner.iterations();
    }

    @Override
    public long iterationCount() {
        return inner.iterationCount();
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.of("name", name(), "inner_optimizer", Optimizers.serialize(inner),
                "initial_scale", initialScale, "dynamic_growth_steps", dynamicGrowthSteps);
    }

    public static LossScaleOptimizer fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("LossScaleOptimizer", config);
        Map<String, Object> innerConfig = r.getMap("inner_optimizer");
        if (innerConfig == null) throw new IllegalArgumentException("LossScaleOptimizer: config key 'inner_optimizer' is required");
        if (!r.getBoolean("dynamic", true)) throw new IllegalArgumentException("LossScaleOptimizer no longer supports "
                + "dynamic=false; set loss_scale_factor on the inner optimizer instead");
        // older Keras configs carry the base arguments; only their defaults are accepted
        rejectUnlessDefault(r, "weight_decay", null);
        rejectUnlessDefault(r, "clipnorm", null);
        rejectUnlessDefault(r, "global_clipnorm", null);
        rejectUnlessDefault(r, "clipvalue", null);
        rejectUnlessDefault(r, "use_ema", false);
        rejectUnlessDefault(r, "ema_momentum", 0.99);
        rejectUnlessDefault(r, "ema_overwrite_frequency", null);
        rejectUnlessDefault(r, "loss_scale_factor", null);
        rejectUnlessDefault(r, "gradient_accumulation_steps", null);
        LossScaleOptimizer o = new LossScaleOptimizer(Optimizers.get(innerConfig))
                .initialScale(r.getDouble("initial_scale", 32768.0))
                .dynamicGrowthSteps(r.getInt("dynamic_growth_steps", 2000));
        if (r.has("name")) o.setName(r.getString("name", o.name()));
        r.done();
        return o;
    }

    private static void rejectUnlessDefault(Config.Reader r, String key, Object defaultValue) {
        Object v = r.get(key);
        boolean isDefault = v == null || (defaultValue instanceof Number d && v instanceof Number n ? d.doubleValue() == n.doubleValue() : v.equals(defaultValue));
        if (!isDefault) throw new IllegalArgumentException("LossScaleOptimizer does not support `" + key + "` (got "
                + v + "); set it on the inner_optimizer instead");
    }
}
