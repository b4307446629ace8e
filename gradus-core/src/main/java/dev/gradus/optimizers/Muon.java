package dev.gradus.optimizers;

import dev.gradus.util.KerasArgs;
import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.schedules.LearningRateSchedule;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.OptimizerKernels;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Muon (Jordan et al., 2024; Liu et al., 2025): for 2-D variables, SGD momentum whose update is
 * orthogonalised by a quintic Newton-Schulz iteration and scaled by
 * {@code sqrt(max(rows, cols)) * rms_rate}; every other variable (not 2-D, an embedding, or matching
 * {@code exclude_layers}) takes an AdamW step with {@code learning_rate * adam_lr_ratio} and
 * {@code adam_weight_decay}. Variables are matched by name (Gradus variables have no path).
 */
public final class Muon extends FluentOptimizer<Muon> {
    /** Keras's arguments, declared once: the config and the registry are derived from them. */
    static final KerasArgs<Muon> ARGS = KerasArgs.of(Muon.class, Muon::new)
            .real("adam_beta_1", Muon::adamBeta1, Muon::adamBeta1)
            .real("adam_beta_2", Muon::adamBeta2, Muon::adamBeta2)
            .real("epsilon", Muon::epsilon, Muon::epsilon)
            .value("exclude_layers", Muon::stringList, Muon::excludeLayers, Muon::excludeLayers)
            .real("muon_a", Muon::muonA, Muon::muonA)
            .real("muon_b", Muon::muonB, Muon::muonB)
            .real("muon_c", Muon::muonC, Muon::muonC)
            .real("adam_lr_ratio", Muon::adamLrRatio, Muon::adamLrRatio)
            .real("momentum", Muon::momentum, Muon::momentum)
            .integer("ns_steps", Muon::nsSteps, Muon::nsSteps)
            .bool("nesterov", Muon::nesterov, Muon::nesterov)
            .bool("exclude_embeddings", Muon::excludeEmbeddings, Muon::excludeEmbeddings)
            .realOrNull("adam_weight_decay", Muon::adamWeightDecay, Muon::adamWeightDecay)
            .realOrNull("rms_rate", Muon::rmsRate, Muon::rmsRate);

    private double adamBeta1 = 0.9, adamBeta2 = 0.999, epsilon = 1e-7;
    private Double adamWeightDecay = 0.004;
    private List<String> excludeLayers = List.of();
    private List<Pattern> excludePatterns = List.of();
    private boolean excludeEmbeddings = true;
    private double muonA = 3.4445, muonB = -4.7750, muonC = 2.0315;
    private double adamLrRatio = 1.0, momentum = 0.95;
    private int nsSteps = 5;
    private boolean nesterov = true;
    private Double rmsRate = 0.2;

    private Variable[] momentums, velocities;

    public Muon() {
        this(0.001);
    }

    public Muon(double learningRate) {
        super("muon", learningRate);
        weightDecay(0.004);
    }

    /** With a learning-rate schedule, as Keras's {@code Muon(learning_rate=schedule)}. */
    public Muon(LearningRateSchedule learningRate) {
        this();
        learningRate(Check.notNull("learning_rate", learningRate));
    }

    public Muon adamBeta1(double beta) {
        this.adamBeta1 = Check.inHalfOpenRange("adam_beta_1", beta, 0, 1);
        return this;
    }

    public Muon adamBeta2(double beta) {
        this.adamBeta2 = Check.inHalfOpenRange("adam_beta_2", beta, 0, 1);
        return this;
    }

    /** The weight decay of the variables that take the AdamW step (the Muon ones use {@code weight_decay}). */
    public Muon adamWeightDecay(Double decay) {
        this.adamWeightDecay = decay == null ? null : Check.nonNegative("adam_weight_decay", decay);
        return this;
    }

    public Muon epsilon(double epsilon) {
        this.epsilon = Check.nonNegative("epsilon", epsilon);
        return this;
    }

    /** Regular expressions: a variable whose name contains a match takes the AdamW step. */
    /** {@code exclude_layers} as a config holds it: a list of strings. */
    @SuppressWarnings("unchecked")
    private static List<String> stringList(Config.Reader r, String key) {
        Object v = r.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list) || !list.stream().allMatch(x -> x instanceof String))
            throw new IllegalArgumentException("Muon: config key '" + key + "' must be a list of strings, got " + v);
        return (List<String>) v;
    }

    public Muon excludeLayers(List<String> patterns) {
        checkNotBuilt("exclude_layers");
        List<Pattern> compiled = new ArrayList<>();
        for (String p : Check.notNull("exclude_layers", patterns)) compiled.add(Pattern.compile(Check.notNull("exclude_layers entry", p)));
        this.excludeLayers = List.copyOf(patterns);
        this.excludePatterns = compiled;
        return this;
    }

    public Muon excludeEmbeddings(boolean exclude) {
        checkNotBuilt("exclude_embeddings");
        this.excludeEmbeddings = exclude;
        return this;
    }

    public Muon muonA(double a) {
        this.muonA = Check.finite("muon_a", a);
        return this;
    }

    public Muon muonB(double b) {
        this.muonB = Check.finite("muon_b", b);
        return this;
    }

    public Muon muonC(double c) {
        this.muonC = Check.finite("muon_c", c);
        return this;
    }

    public Muon adamLrRatio(double ratio) {
        this.adamLrRatio = Check.nonNegative("adam_lr_ratio", ratio);
        return this;
    }

    /** In [0, 1]. */
    public Muon momentum(double momentum) {
        this.momentum = unitInterval("momentum", momentum);
        return this;
    }

    public Muon nsSteps(int steps) {
        this.nsSteps = Check.atLeast("ns_steps", steps, 0);
        return this;
    }

    public Muon nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    /** Moonlight's update scaling; null turns it off. */
    public Muon rmsRate(Double rate) {
        this.rmsRate = rate == null ? null : Check.nonNegative("rms_rate", rate);
        return this;
    }

    /** True when {@code variable} takes the AdamW step. */
    public boolean usesAdam(Variable variable) {
        if (variable.shape().rank() != 2) return true;
        if (excludeEmbeddings && variable.name().toLowerCase(java.util.Locale.ROOT).contains("embedding")) return true;
        for (Pattern p : excludePatterns) if (p.matcher(variable.name()).find()) return true;
        return false;
    }

    public double adamBeta1() {
        return adamBeta1;
    }

    public double adamBeta2() {
        return adamBeta2;
    }

    public double epsilon() {
        return epsilon;
    }

    public List<String> excludeLayers() {
        return excludeLayers;
    }

    public double muonA() {
        return muonA;
    }

    public double muonB() {
        return muonB;
    }

    public double muonC() {
        return muonC;
    }

    public double adamLrRatio() {
        return adamLrRatio;
    }

    public double momentum() {
        return momentum;
    }

    public int nsSteps() {
        return nsSteps;
    }

    public boolean nesterov() {
        return nesterov;
    }

    public boolean excludeEmbeddings() {
        return excludeEmbeddings;
    }

    public Double adamWeightDecay() {
        return adamWeightDecay;
    }

    public Double rmsRate() {
        return rmsRate;
    }

    @Override
    protected void buildSlots(List<Variable> variables) {
        momentums = new Variable[variables.size()];
        velocities = new Variable[variables.size()];
        for (int i = 0; i < momentums.length; i++) {
            Variable v = variables.get(i);
            momentums[i] = addSlot(v, "momentum", 0.0);
            if (usesAdam(v)) velocities[i] = addSlot(v, "velocity", 0.0);
        }
    }

    @Override
    protected Double weightDecayFor(int index, Variable variable) {
        if (!usesWeightDecay(index)) return null;
        return velocities[index] != null ? adamWeightDecay : weightDecay;
    }

    @Override
    protected void updateStep(int index, Tensor gradient, Variable variable, double learningRate) {
        if (velocities[index] != null) {
            long t = localStep();
            float b1 = (float) adamBeta1, b2 = (float) adamBeta2;
            double lr = learningRate * adamLrRatio;
            float alpha = (float) (lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)));
            OptimizerKernels.adam(variable.writableStorage(), momentums[index].writableStorage(),
                    velocities[index].writableStorage(), null, gradient.unsafeBuffer(), alpha, b1, b2, (float) epsilon);
            return;
        }
        OptimizerKernels.muonMomentum(momentums[index].writableStorage(), gradient.unsafeBuffer(), (float) momentum);
        Tensor m = momentums[index].value();
        Tensor g = nesterov ? gradient.add(m.mul(momentum)) : m;
        Tensor update = newtonSchulz(g);
        int[] d = variable.shape().dims();
        double scale = learningRate * (rmsRate == null ? 1.0 : Math.sqrt(Math.max(d[0], d[1])) * rmsRate);
        OptimizerKernels.axpy(variable.writableStorage(), (float) -scale, update.unsafeBuffer());
    }

    /** The quintic Newton-Schulz iteration towards the orthogonal factor of {@code x} (Keras's zeropower_via_newtonschulz5). */
    private Tensor newtonSchulz(Tensor x) {
        boolean tall = x.dim(0) > x.dim(1);
        if (tall) x = Ops.transpose(x);
        x = x.div(x.norm().add(1e-7));
        for (int s = 0; s < nsSteps; s++) {
            Tensor a = x.matmul(Ops.transpose(x));
            Tensor b = a.mul(muonB).add(a.mul(muonC).matmul(a));
            x = x.mul(muonA).add(b.matmul(x));
        }
        return tall ? Ops.transpose(x) : x;
    }
}
