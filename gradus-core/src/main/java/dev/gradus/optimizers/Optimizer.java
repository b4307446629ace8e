package dev.gradus.optimizers;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.InPlaceUpdates;
import dev.gradus.autodiff.Variable;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.optimizers.schedules.LearningRateSchedules;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import dev.gradus.util.KerasArgs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Keras 3's optimizer: the shared pipeline of {@code apply} (loss-scale division, gradient
 * accumulation, clipping, decoupled weight decay, the update rule, the moving average of the weights,
 * the iteration count), with the update rule left to each subclass. Updates are written in place on
 * the variables' storage; after the first step, a step allocates no arrays.
 *
 * <p>Options are set with fluent setters on {@link FluentOptimizer}, so that they chain from the
 * constructor; this class holds what every optimizer, wrappers included, has: the learning rate
 * (a number, a {@link LearningRateSchedule} or a supplier), {@link #applyGradients}, {@link #minimize},
 * the optimizer's own variables and its config.
 */
public abstract class Optimizer {
    private String name;
    /** The constant learning rate, as a float32 variable (Keras's); null while a schedule or supplier drives it. */
    private Variable learningRateVariable;
    private LearningRateSchedule schedule;
    private DoubleSupplier supplier;

    Double weightDecay, clipnorm, clipvalue, globalClipnorm, lossScaleFactor;
    boolean useEma;
    double emaMomentum = 0.99;
    Integer emaOverwriteFrequency, gradientAccumulationSteps;

    private final Variable iterations = new Variable(Tensor.scalar(0), "iteration", false);
    /** The authoritative raw step count; the float32 {@link #iterations} variable mirrors it (exact to 2^24). */
    private long rawIterations;

    private Set<Variable> excludedVariables = Collections.newSetFromMap(new IdentityHashMap<>());
    private Pattern excludedNames;

    // ------------------------------------------------------------------ built state
    private boolean built;
    private List<Variable> trainable = List.of();
    private final Map<Variable, Integer> index = new IdentityHashMap<>();
    private final List<Variable> ownVariables = new ArrayList<>();
    private Variable[] averages, accumulators;
    private boolean[] decays;
    /** Per-variable scratch for a gradient the pipeline has to change (scaled, clipped, averaged). */
    private float[][] scratch;
    private Tensor[] scratchTensors;
    /** Reused each step: the gradient of each built variable in this step, or null (no update). */
    private Tensor[] stepGradients;
    private int[] active;
    private int activeCount;

    protected Optimizer(String name, double learningRate) {
        this.name = Check.notNull("name", name);
        setConstantLearningRate(learningRate);
    }

    /** For a wrapper whose learning rate is its inner optimizer's: it must override the learning-rate methods. */
    protected Optimizer(String name) {
        this.name = Check.notNull("name", name);
    }

    // ------------------------------------------------------------------ what a subclass writes

    /** Creates the optimizer's slots for {@code variables} with {@link #addSlots} and friends. */
    protected abstract void buildSlots(List<Variable> variables);

    /**
     * The update rule for one variable, written in place. {@code gradient} is the processed
     * gradient (unscaled, averaged, clipped); the slots of variable {@code index} are the ones
     * {@link #buildSlots} made for {@code variables.get(index)}.
     */
    protected abstract void updateStep(int index, Tensor gradient, Variable variable, double learningRate);

    /** Runs once per update, after clipping and weight decay and before the per-variable rules (Nadam's shared product). */
    protected void beforeUpdates(double learningRate) {}

    /**
     * The optimizer's own config keys, after the base ones; the map is ordered. By default the
     * arguments its class and superclasses declare with {@link KerasArgs}.
     */
    protected Map<String, Object> ownConfig() {
        return KerasArgs.configOf(this);
    }

    // ------------------------------------------------------------------ slots

    /** One zero-initialised slot per variable for each name, created interleaved as Keras does; {@code [name][variable]}. */
    protected final Variable[][] addSlots(List<Variable> variables, String... names) {
        Variable[][] out = new Variable[names.length][variables.size()];
        for (int v = 0; v < variables.size(); v++)
            for (int k = 0; k < names.length; k++) out[k][v] = addSlot(variables.get(v), names[k], 0.0);
        return out;
    }

    /** A slot shaped like {@code reference}, filled with {@code initialValue}, named {@code <variable>_<name>}. */
    protected final Variable addSlot(Variable reference, String slotName, double initialValue) {
        return addVariable(reference.name() + "_" + slotName, reference.shape(), initialValue);
    }

    /** An optimizer variable of any shape, tracked in {@link #variables()}. */
    protected final Variable addVariable(String variableName, Shape shape, double initialValue) {
        Variable v = new Variable(initialValue == 0 ? Tensor.zeros(shape) : Tensor.full(initialValue, shape), variableName, false);
        ownVariables.add(v);
        return v;
    }

    // ------------------------------------------------------------------ learning rate

    /** The learning rate of the next update: the schedule at the current raw step, the supplier's value, or the number. */
    public double learningRate() {
        if (schedule != null) return schedule.apply(rawIterations);
        if (supplier != null) return supplier.getAsDouble();
        return learningRateVariable.writableStorage()[0];
    }

    /**
     * Sets a constant learning rate (what {@code ReduceLROnPlateau} and {@code LearningRateScheduler} do).
     * Like Keras, an optimizer created with a schedule refuses a number: the schedule owns the rate.
     */
    public Optimizer learningRate(double learningRate) {
        if (schedule != null) throw new IllegalStateException("learning_rate: this optimizer was created with a "
                + "LearningRateSchedule as its learning rate, so the rate is not settable; give it a number instead "
                + "(or set a new schedule)");
        setConstantLearningRate(learningRate);
        return this;
    }

    /** Drives the learning rate with a schedule of the raw iteration count. */
    public Optimizer learningRate(LearningRateSchedule schedule) {
        this.schedule = Check.notNull("learning_rate", schedule);
        this.supplier = null;
        this.learningRateVariable = null;
        return this;
    }

    /** Reads the learning rate from a supplier before every update (Keras's zero-argument callable). */
    public Optimizer learningRate(DoubleSupplier supplier) {
        this.supplier = Check.notNull("learning_rate", supplier);
        this.schedule = null;
        this.learningRateVariable = null;
        return this;
    }

    /** True when the learning rate is a number (not a schedule or a supplier). */
    protected final boolean hasConstantLearningRate() {
        return learningRateVariable != null;
    }

    /** The schedule driving the learning rate, or null. */
    public LearningRateSchedule learningRateSchedule() {
        return schedule;
    }

    private void setConstantLearningRate(double learningRate) {
        checkLearningRate(learningRate);
        if (supplier != null) supplier = null;
        if (learningRateVariable == null)
            learningRateVariable = new Variable(Tensor.scalar(learningRate), "learning_rate", false);
        else learningRateVariable.writableStorage()[0] = (float) learningRate;
    }

    static void checkLearningRate(double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) throw new IllegalArgumentException(
                "learning_rate must be a finite number >= 0 (or a LearningRateSchedule), got " + learningRate);
    }

    // ------------------------------------------------------------------ state

    public String name() {
        return name;
    }

    void setName(String name) {
        this.name = Check.notNull("name", name);
    }

    /** The iteration counter as Keras stores it: a variable holding the raw number of {@code apply} calls. */
    public Variable iterations() {
        return iterations;
    }

    /**
     * Keras's {@code optimizer.iterations}: the number of updates made, i.e. the raw count divided
     * by {@code gradient_accumulation_steps} when accumulating.
     */
    public long iterationCount() {
        return gradientAccumulationSteps == null ? rawIterations : rawIterations / gradientAccumulationSteps;
    }

    /** The 1-based step that the update rules' bias corrections use: {@link #iterationCount()} + 1. */
    protected final long localStep() {
        return iterationCount() + 1;
    }

    public boolean isBuilt() {
        return built;
    }

    /** The variables the optimizer was built for, in order. */
    public List<Variable> trainableVariables() {
        return Collections.unmodifiableList(trainable);
    }

    /**
     * The optimizer's own variables in Keras's order: iterations, the learning rate (when it is a
     * number), then the EMA averages, the gradient accumulators and the slots in creation order.
     */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>(ownVariables.size() + 2);
        out.add(iterations);
        if (learningRateVariable != null) out.add(learningRateVariable);
        out.addAll(ownVariables);
        return out;
    }

    /** The values of {@link #variables()}. */
    public List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>();
        for (Variable v : variables()) out.add(v.value());
        return out;
    }

    /** Restores values saved by {@link #getWeights()}; the optimizer must be built (for the same variables). */
    public void setWeights(List<Tensor> weights) {
        Check.notNull("weights", weights);
        if (!built) throw new IllegalStateException("setWeights: optimizer '" + name + "' has not been built yet; "
                + "call build(variables) (or apply one step) first so that its variables exist");
        List<Variable> vars = variables();
        if (weights.size() != vars.size()) throw new IllegalArgumentException("setWeights: optimizer '" + name
                + "' has " + vars.size() + " variables, got " + weights.size() + " weights");
        for (int i = 0; i < vars.size(); i++) {
            Tensor w = Check.notNull("weights[" + i + "]", weights.get(i));
            if (!w.shape().equals(vars.get(i).shape())) throw new IllegalArgumentException("setWeights: variable "
                    + i + " ('" + vars.get(i).name() + "') has shape " + vars.get(i).shape() + ", got a weight of shape " + w.shape());
        }
        for (int i = 0; i < vars.size(); i++) vars.get(i).assign(weights.get(i));
        syncFromVariables();
    }

    /** Re-reads state kept in Java fields from the variables after they were assigned. */
    void syncFromVariables() {
        rawIterations = Math.round(iterations.writableStorage()[0]);
    }

    // ------------------------------------------------------------------ weight decay exclusion

    /**
     * Keras's {@code exclude_from_weight_decay(var_list, var_names)}: the given variables, and every
     * variable whose name contains a match of one of the regular expressions, skip weight decay.
     * Replaces an earlier exclusion.
     */
    public Optimizer excludeFromWeightDecay(Collection<Variable> variables, Collection<String> names) {
        Set<Variable> set = Collections.newSetFromMap(new IdentityHashMap<>());
        if (variables != null) for (Variable v : variables) set.add(Check.notNull("exclude_from_weight_decay: variable", v));
        Pattern pattern = null;
        if (names != null && !names.isEmpty()) {
            for (String n : names) Check.notNull("exclude_from_weight_decay: var_names entry", n);
            pattern = Pattern.compile(String.join("|", new java.util.LinkedHashSet<>(names)));
        }
        excludedVariables = set;
        excludedNames = pattern;
        if (built) computeDecayMask();
        return this;
    }

    public Optimizer excludeFromWeightDecay(String... names) {
        return excludeFromWeightDecay(null, java.util.Arrays.asList(Check.notNull("exclude_from_weight_decay: var_names", names)));
    }

    public Optimizer excludeFromWeightDecay(Variable... variables) {
        return excludeFromWeightDecay(java.util.Arrays.asList(Check.notNull("exclude_from_weight_decay: var_list", variables)), null);
    }

    /** False when variable {@code index} was excluded from weight decay. */
    protected final boolean usesWeightDecay(int index) {
        return decays[index];
    }

    private void computeDecayMask() {
        decays = new boolean[trainable.size()];
        for (int i = 0; i < decays.length; i++) {
            Variable v = trainable.get(i);
            decays[i] = !excludedVariables.contains(v) && (excludedNames == null || !excludedNames.matcher(v.name()).find());
        }
    }

    /** The weight decay rate for variable {@code index}, or null for none; Muon picks per variable. */
    protected Double weightDecayFor(int index, Variable variable) {
        return weightDecay != null && usesWeightDecay(index) ? weightDecay : null;
    }

    // ------------------------------------------------------------------ build

    /** Creates the optimizer's variables for {@code variables}; runs on the first {@link #applyGradients} if not called. */
    public void build(List<Variable> variables) {
        if (built) return;
        Check.notNull("variables", variables);
        List<Variable> vars = new ArrayList<>(variables.size());
        for (int i = 0; i < variables.size(); i++) {
            Variable v = variables.get(i);
            if (v == null) throw new IllegalArgumentException("build: variables[" + i + "] is null");
            if (index.put(v, i) != null) throw new IllegalArgumentException(
                    "build: variable '" + v.name() + "' appears more than once in the list");
            vars.add(v);
        }
        trainable = vars;
        int n = vars.size();
        if (useEma) {
            averages = new Variable[n];
            for (int i = 0; i < n; i++) averages[i] = addSlot(vars.get(i), "average", 0.0);
        }
        if (gradientAccumulationSteps != null) {
            accumulators = new Variable[n];
            for (int i = 0; i < n; i++) accumulators[i] = addSlot(vars.get(i), "gradient_accumulator", 0.0);
        }
        buildSlots(vars);
        scratch = new float[n][];
        scratchTensors = new Tensor[n];
        stepGradients = new Tensor[n];
        active = new int[n];
        computeDecayMask();
        built = true;
    }

    // ------------------------------------------------------------------ applying gradients

    /**
     * One optimizer step: {@code grads.get(i)} is the gradient of {@code variables.get(i)}. A null
     * gradient skips its variable (Keras warns and drops it); all null is an error. The first call
     * builds the optimizer for these variables; later calls may pass any of them, in any order.
     */
    public void applyGradients(List<Tensor> grads, List<Variable> variables) {
        checkGradients(grads, variables);
        if (grads.isEmpty()) return;
        build(variables);
        InPlaceUpdates.beforeUpdate(variables, grads);
        applyBuilt(grads, variables);
    }

    /** One step, once the gradients are checked and the optimizer is built: the pipeline, or a wrapper's own step. */
    void applyBuilt(List<Tensor> grads, List<Variable> variables) {
        apply(grads, variables, lossScaleFactor == null ? 1f : (float) (double) lossScaleFactor);
    }

    /**
     * Computes the loss under a new tape, differentiates it with respect to {@code variables} and
     * applies the gradients; returns the loss.
     */
    public Tensor minimize(Supplier<Tensor> loss, List<Variable> variables) {
        Check.notNull("loss", loss);
        Check.notNull("variables", variables);
        // a step of its own (or part of the caller's): the weights are then updated in place
        return InPlaceUpdates.step(variables, () -> minimizeStep(loss, variables));
    }

    private Tensor minimizeStep(Supplier<Tensor> loss, List<Variable> variables) {
        Tensor value;
        List<Tensor> grads;
        try (GradientTape tape = new GradientTape()) {
            for (Variable v : variables) tape.watch(Check.notNull("minimize: variable", v));
            value = loss.get();
            if (value == null) throw new IllegalArgumentException("minimize: the loss supplier returned null");
            grads = tape.gradient(scaleLoss(value), variables);
        }
        InPlaceUpdates.keep(List.of(value));
        applyGradients(grads, variables);
        return value;
    }

    /** {@code minimize(loss, List.of(variables))}. */
    public Tensor minimize(Supplier<Tensor> loss, Variable... variables) {
        return minimize(loss, java.util.Arrays.asList(Check.notNull("variables", variables)));
    }

    /** The loss multiplied by {@code loss_scale_factor} (to be differentiated; the gradients are divided back). */
    public Tensor scaleLoss(Tensor loss) {
        return lossScaleFactor == null ? loss : loss.mul(lossScaleFactor);
    }

    /**
     * Keras's {@code _model_variables_moving_average}: the EMA of each built variable, in build
     * order; empty when {@code use_ema} is off or the optimizer is not built yet (SwapEMAWeights).
     */
    public List<Variable> emaAverages() {
        return useEma && built ? List.of(averages) : List.of();
    }

    /** Keras's {@code finalize_variable_values}: with EMA, copies the moving averages into the variables. */
    public void finalizeVariableValues(List<Variable> variables) {
        Check.notNull("variables", variables);
        if (!useEma || !built) return;
        Check.argument(variables.size() == averages.length, "finalizeVariableValues: expected the "
                + averages.length + " variables the optimizer was built with, got " + variables.size());
        for (int i = 0; i < averages.length; i++) overwriteWithAverage(i, variables.get(i));
    }

    static void checkGradients(List<Tensor> grads, List<Variable> variables) {
        if (grads == null) throw new IllegalArgumentException("applyGradients: grads must not be null");
        if (variables == null) throw new IllegalArgumentException("applyGradients: variables must not be null");
        if (grads.size() != variables.size()) throw new IllegalArgumentException("applyGradients: got "
                + grads.size() + " gradients for " + variables.size() + " variables; expected one gradient (or null) per variable");
        for (int i = 0; i < grads.size(); i++) {
            Variable v = variables.get(i);
            if (v == null) throw new IllegalArgumentException("applyGradients: variables[" + i + "] is null");
            Tensor g = grads.get(i);
            if (g != null && !g.shape().equals(v.shape())) throw new IllegalArgumentException("applyGradients: gradient "
                    + i + " has shape " + g.shape() + " but variable '" + v.name() + "' has shape " + v.shape());
        }
    }

    /** Maps the step's gradients to built indices and rejects unknown or repeated variables. */
    private void collect(List<Tensor> grads, List<Variable> variables) {
        java.util.Arrays.fill(stepGradients, null);
        activeCount = 0;
        boolean any = false;
        for (int k = 0; k < variables.size(); k++) {
            Variable v = variables.get(k);
            Integer i = index.get(v);
            if (i == null) {
                java.util.Arrays.fill(stepGradients, null);
                throw new IllegalArgumentException("applyGradients: unknown variable '" + v.name() + "': optimizer '"
                        + name + "' was built for " + trainable.size() + " other variables. An optimizer can only update "
                        + "the variables it was built with; create a new optimizer for new variables.");
            }
            Tensor g = grads.get(k);
            if (g == null) continue;
            any = true;
            if (stepGradients[i] != null) {
                java.util.Arrays.fill(stepGradients, null);
                throw new IllegalArgumentException("applyGradients: variable '" + v.name() + "' appears more than once");
            }
            stepGradients[i] = g;
            active[activeCount++] = i;
        }
        if (!any) throw new IllegalArgumentException("applyGradients: no gradients provided for any variable "
                + "(every gradient is null: does the loss depend on the variables?)");
    }

    /** The pipeline after validation and build; {@code divisor} unscales the gradients (1 for none). */
    void apply(List<Tensor> grads, List<Variable> variables, float divisor) {
        collect(grads, variables);
        double lr = learningRate();
        Integer steps = gradientAccumulationSteps;
        if (steps != null) {
            if ((rawIterations + 1) % steps != 0) {
                for (int a = 0; a < activeCount; a++) {
                    int i = active[a];
                    OptimizerKernels.accumulate(accumulators[i].writableStorage(), stepGradients[i].unsafeBuffer(), divisor);
                }
            } else {
                for (int a = 0; a < activeCount; a++) {
                    int i = active[a];
                    OptimizerKernels.averageAndReset(scratch(i), stepGradients[i].unsafeBuffer(), divisor,
                            accumulators[i].writableStorage(), steps);
                    stepGradients[i] = scratchTensors[i];
                }
                update(lr);
            }
        } else {
            if (divisor != 1f || clipping()) {
                for (int a = 0; a < activeCount; a++) {
                    int i = active[a];
                    OptimizerKernels.divideInto(scratch(i), stepGradients[i].unsafeBuffer(), divisor);
                    stepGradients[i] = scratchTensors[i];
                }
            }
            update(lr);
        }
        if (useEma) movingAverages();
        java.util.Arrays.fill(stepGradients, null);
        countStep();
    }

    /** Advances the raw iteration count (wrappers that do not run the pipeline call it themselves). */
    final void countStep() {
        rawIterations++;
        iterations.writableStorage()[0] = rawIterations;
    }

    private void update(double lr) {
        clipGradients();
        for (int a = 0; a < activeCount; a++) {
            int i = active[a];
            Double wd = weightDecayFor(i, trainable.get(i));
            if (wd != null) OptimizerKernels.decay(trainable.get(i).writableStorage(), (float) (wd * lr));
        }
        beforeUpdates(lr);
        for (int a = 0; a < activeCount; a++) {
            int i = active[a];
            updateStep(i, stepGradients[i], trainable.get(i), lr);
        }
    }

    private boolean clipping() {
        return positive(clipnorm) || positive(globalClipnorm) || positive(clipvalue);
    }

    private static boolean positive(Double d) {
        return d != null && d > 0;
    }

    /** Clips in place; the gradients are already in scratch whenever a clip option is set. */
    private void clipGradients() {
        if (positive(clipnorm)) {
            float c = (float) (double) clipnorm;
            for (int a = 0; a < activeCount; a++) {
                float[] g = stepGradients[active[a]].unsafeBuffer();
                double norm = Math.sqrt(OptimizerKernels.sumOfSquares(g));
                OptimizerKernels.scale(g, (float) (c / Math.max(norm, c)));
            }
        } else if (positive(globalClipnorm)) {
            double c = globalClipnorm, sum = 0;
            for (int a = 0; a < activeCount; a++) sum += OptimizerKernels.sumOfSquares(stepGradients[active[a]].unsafeBuffer());
            double norm = Math.sqrt(sum);
            // NaN when the norm is not finite, as Keras: the step then poisons nothing silently
            double factor = c * Math.min(1 / norm, 1 / c) + (norm - norm);
            for (int a = 0; a < activeCount; a++) OptimizerKernels.scale(stepGradients[active[a]].unsafeBuffer(), (float) factor);
        } else if (positive(clipvalue)) {
            float c = (float) (double) clipvalue;
            for (int a = 0; a < activeCount; a++) OptimizerKernels.clip(stepGradients[active[a]].unsafeBuffer(), -c, c);
        }
    }

    private float[] scratch(int i) {
        if (scratch[i] == null) {
            Shape shape = trainable.get(i).shape();
            scratch[i] = new float[shape.size()];
            // never leaves the optimizer: overwritten each step, so it is only valid inside updateStep
            scratchTensors[i] = Tensor.wrap(scratch[i], shape);
        }
        return scratch[i];
    }

    private void movingAverages() {
        long it = iterationCount();
        float momentum = it != 0 ? (float) emaMomentum : 0f;
        for (int i = 0; i < averages.length; i++)
            OptimizerKernels.movingAverage(averages[i].writableStorage(), trainable.get(i).writableStorage(), momentum);
        if (emaOverwriteFrequency != null && (it + 1) % emaOverwriteFrequency == 0)
            for (int i = 0; i < averages.length; i++) overwriteWithAverage(i, trainable.get(i));
    }

    private void overwriteWithAverage(int i, Variable target) {
        float[] avg = averages[i].writableStorage();
        System.arraycopy(avg, 0, target.writableStorage(), 0, avg.length);
    }

    // ------------------------------------------------------------------ config

    /** The Keras config: the base arguments, then the optimizer's own. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("learning_rate", learningRateConfig());
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("global_clipnorm", globalClipnorm);
        c.put("clipvalue", clipvalue);
        c.put("use_ema", useEma);
        c.put("ema_momentum", emaMomentum);
        c.put("ema_overwrite_frequency", emaOverwriteFrequency);
        c.put("loss_scale_factor", lossScaleFactor);
        c.put("gradient_accumulation_steps", gradientAccumulationSteps);
        c.putAll(ownConfig());
        return c;
    }

    Object learningRateConfig() {
        if (schedule != null) return LearningRateSchedules.serialize(schedule);
        // a supplier is code, not configuration: what can be saved is the value it gives now
        if (supplier != null) return supplier.getAsDouble();
        return Config.clean(learningRateVariable.writableStorage()[0]);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + name + ", learning_rate=" + learningRate() + ")";
    }

    // ------------------------------------------------------------------ options (set through FluentOptimizer)

    void setWeightDecay(Double wd) {
        weightDecay = wd == null ? null : Check.nonNegative("weight_decay", wd);
    }

    void setClip(String which, Double value) {
        if (value != null) Check.nonNegative(which, value);
        Double cn = which.equals("clipnorm") ? value : clipnorm;
        Double gcn = which.equals("global_clipnorm") ? value : globalClipnorm;
        Double cv = which.equals("clipvalue") ? value : clipvalue;
        int set = (cn != null ? 1 : 0) + (gcn != null ? 1 : 0) + (cv != null ? 1 : 0);
        if (set > 1) throw new IllegalArgumentException("Only one of clipnorm, clipvalue and global_clipnorm can be set; "
                + "got clipnorm=" + cn + ", clipvalue=" + cv + ", global_clipnorm=" + gcn);
        clipnorm = cn;
        globalClipnorm = gcn;
        clipvalue = cv;
    }

    void setUseEma(boolean on) {
        checkNotBuilt("use_ema");
        useEma = on;
    }

    void setEmaMomentum(double m) {
        emaMomentum = Check.inRange("ema_momentum", m, 0, 1);
    }

    void setEmaOverwriteFrequency(Integer f) {
        emaOverwriteFrequency = f == null ? null : Check.atLeast("ema_overwrite_frequency", f, 1);
    }

    void setLossScaleFactor(Double s) {
        lossScaleFactor = s == null ? null : Check.positive("loss_scale_factor", s);
    }

    void setGradientAccumulationSteps(Integer n) {
        checkNotBuilt("gradient_accumulation_steps");
        gradientAccumulationSteps = n == null ? null : Check.atLeast("gradient_accumulation_steps", n, 2);
    }

    void checkNotBuilt(String option) {
        if (built) throw new IllegalStateException(option + " must be set before optimizer '" + name
                + "' is built (it creates variables at build time)");
    }

    /** Reads the base arguments of a Keras config into {@code opt}; absent keys keep the optimizer's defaults. */
    protected static void readBase(Config.Reader r, Optimizer opt) {
        if (r.has("name")) opt.setName(r.getString("name", opt.name));
        Object lr = r.get("learning_rate");
        if (lr instanceof Map) opt.learningRate(LearningRateSchedules.get(lr));
        else if (lr != null) opt.learningRate(r.getDouble("learning_rate", 0));
        // Keras's None is no decay (AdamW, whose decay is its point, refuses it)
        if (r.contains("weight_decay")) opt.setWeightDecay(r.getDoubleOrNull("weight_decay"));
        opt.setClip("clipnorm", r.getDoubleOrNull("clipnorm"));
        opt.setClip("global_clipnorm", r.getDoubleOrNull("global_clipnorm"));
        opt.setClip("clipvalue", r.getDoubleOrNull("clipvalue"));
        opt.setUseEma(r.getBoolean("use_ema", false));
        opt.setEmaMomentum(r.getDouble("ema_momentum", 0.99));
        opt.setEmaOverwriteFrequency(r.getIntOrNull("ema_overwrite_frequency"));
        opt.setLossScaleFactor(r.getDoubleOrNull("loss_scale_factor"));
        opt.setGradientAccumulationSteps(r.getIntOrNull("gradient_accumulation_steps"));
        // Keras accepts and ignores the retired `decay` argument
        r.ignore("decay");
    }
}
