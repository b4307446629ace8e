package dev.gradus.optimizers;

import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Keras's {@code MultiOptimizer}: each variable is updated by the optimizer an {@link OptimizerMap}
 * gives it (for instance Adam for the embeddings, SGD for the rest), the others by the default
 * optimizer. Each inner optimizer keeps its own slots, learning rate and step count; this one counts
 * the steps of the whole. The learning rate it reports and sets (callbacks such as
 * ReduceLROnPlateau) is the first inner optimizer's, as Keras's.
 *
 * <pre>{@code
 * Optimizer opt = new MultiOptimizer(new OptimizerMap().add(new Adam(1e-3), "embedding"), new SGD(0.01));
 * }</pre>
 */
public final class MultiOptimizer extends Optimizer {
    private final OptimizerMap map;
    private final Optimizer defaultOptimizer;
    /** The distinct inner optimizers, the default last (Keras's order, which fixes the saved variables' order). */
    private final List<Optimizer> inner = new ArrayList<>();
    private final Map<Variable, Optimizer> route = new IdentityHashMap<>();

    public MultiOptimizer(OptimizerMap map, Optimizer defaultOptimizer) {
        super("multi_optimizer", 0.0);
        this.map = Check.notNull("obj_map", map);
        this.defaultOptimizer = Check.notNull("default_optimizer", defaultOptimizer);
        if (defaultOptimizer instanceof MultiOptimizer) throw new IllegalArgumentException(
                "default_optimizer: a MultiOptimizer cannot be nested in another");
        for (Optimizer o : map.optimizers()) if (o != defaultOptimizer && inner.stream().noneMatch(i -> i == o)) inner.add(o);
        inner.add(defaultOptimizer);
        // the loss is scaled once, here, so the inner optimizers must not unscale it again
        for (Optimizer o : inner) o.setLossScaleFactor(null);
    }

    public MultiOptimizer name(String name) {
        setName(name);
        return this;
    }

    /** Keras's {@code loss_scale_factor}: the loss is multiplied by it and the gradients divided back. */
    public MultiOptimizer lossScaleFactor(double factor) {
        setLossScaleFactor(factor);
        return this;
    }

    public OptimizerMap optimizerMap() {
        return map;
    }

    public Optimizer defaultOptimizer() {
        return defaultOptimizer;
    }

    /** The distinct inner optimizers, the default last. */
    public List<Optimizer> optimizers() {
        return List.copyOf(inner);
    }

    /** Assigns each variable its optimizer and builds each inner optimizer for its variables. */
    @Override
    protected void buildSlots(List<Variable> variables) {
        Map<Optimizer, List<Variable>> groups = new IdentityHashMap<>();
        for (Variable v : variables) {
            Optimizer o = map.optimizerFor(v);
            if (o == null) o = defaultOptimizer;
            route.put(v, o);
            groups.computeIfAbsent(o, k -> new ArrayList<>()).add(v);
        }
        for (Optimizer o : inner) if (groups.containsKey(o)) o.build(groups.get(o));
    }

    /** Unscales the gradients once, hands each inner optimizer its own, and counts one step. */
    @Override
    void applyBuilt(List<Tensor> grads, List<Variable> variables) {
        Double factor = lossScaleFactor;
        Map<Optimizer, List<Tensor>> gradsOf = new IdentityHashMap<>();
        Map<Optimizer, List<Variable>> varsOf = new IdentityHashMap<>();
        for (int i = 0; i < grads.size(); i++) {
            if (grads.get(i) == null) continue;
            Variable v = variables.get(i);
            Optimizer o = route.get(v);
            if (o == null) throw new IllegalArgumentException("applyGradients: variable '" + v.name()
                    + "' is not one the MultiOptimizer was built for");
            gradsOf.computeIfAbsent(o, k -> new ArrayList<>()).add(factor == null ? grads.get(i) : grads.get(i).div(factor));
            varsOf.computeIfAbsent(o, k -> new ArrayList<>()).add(v);
        }
        for (Optimizer o : inner) if (varsOf.containsKey(o)) o.applyGradients(gradsOf.get(o), varsOf.get(o));
        countStep();
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        throw new AssertionError("MultiOptimizer passes its steps to the inner optimizers");
    }

    /** This optimizer's variables (iterations, learning rate), then each inner optimizer's in order. */
    @Override
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>(super.variables());
        for (Optimizer o : inner) out.addAll(o.variables());
        return out;
    }

    @Override
    void syncFromVariables() {
        super.syncFromVariables();
        for (Optimizer o : inner) o.syncFromVariables();
    }

    @Override
    public void finalizeVariableValues(List<Variable> variables) {
        Check.notNull("variables", variables);
        Map<Optimizer, List<Variable>> groups = new LinkedHashMap<>();
        for (Variable v : variables) if (route.containsKey(v)) groups.computeIfAbsent(route.get(v), k -> new ArrayList<>()).add(v);
        for (Map.Entry<Optimizer, List<Variable>> e : groups.entrySet()) e.getKey().finalizeVariableValues(e.getValue());
    }

    @Override
    public double learningRate() {
        return inner.get(0).learningRate();
    }

    @Override
    public MultiOptimizer learningRate(double learningRate) {
        inner.get(0).learningRate(learningRate);
        return this;
    }

    @Override
    public MultiOptimizer learningRate(LearningRateSchedule schedule) {
        inner.get(0).learningRate(schedule);
        return this;
    }

    @Override
    public MultiOptimizer learningRate(DoubleSupplier supplier) {
        inner.get(0).learningRate(supplier);
        return this;
    }

    @Override
    public LearningRateSchedule learningRateSchedule() {
        return inner.get(0).learningRateSchedule();
    }

    @Override
    protected Map<String, Object> ownConfig() {
        return Config.of("obj_map", map.config(), "default_optimizer", Optimizers.serialize(defaultOptimizer));
    }

    /** Keras's config: the base arguments, the map and the default optimizer, each inner one serialized. */
    static MultiOptimizer fromConfig(Map<String, Object> config) {
        Map<String, Object> rest = new LinkedHashMap<>(Check.notNull("config", config));
        // its own learning rate is a placeholder: the one that counts is the first inner optimizer's
        rest.remove("learning_rate");
        Config.Reader r = Config.read("MultiOptimizer", rest);
        Map<String, Object> mapConfig = r.getMap("obj_map"), defaultConfig = r.getMap("default_optimizer");
        if (mapConfig == null || defaultConfig == null) throw new IllegalArgumentException(
                "MultiOptimizer: config keys 'obj_map' and 'default_optimizer' are required, got keys " + config.keySet());
        MultiOptimizer o = new MultiOptimizer(OptimizerMap.fromConfig(mapConfig), Optimizers.get(defaultConfig));
        readBase(r, o);
        r.done();
        return o;
    }
}
