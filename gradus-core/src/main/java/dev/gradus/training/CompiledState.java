package dev.gradus.training;

import dev.gradus.data.Batch;
import dev.gradus.metrics.Metric;
import dev.gradus.models.Model;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.Optimizer;
import dev.gradus.optimizers.Optimizers;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code compile} builds for a model: the optimizer, the compiled loss and metrics, and the
 * {@code loss} tracker (Keras's {@code CompileLoss}, {@code CompileMetrics} and {@code _loss_tracker}).
 * It holds state only; the steps ({@link DefaultSteps}) and loops ({@link FitLoop}) use it.
 */
public final class CompiledState {
    private final Model model;
    private final CompileOptions options;
    private final Optimizer optimizer;
    private final CompiledLoss loss;
    private final CompiledMetrics metrics;
    private final LossMean lossTracker = new LossMean("loss");
    /** Train steps run since compile (or since the optimizer's restored count): the key of the step's randomness. */
    private long trainSteps;

    public CompiledState(Model model, CompileOptions options) {
        this.model = Check.notNull("model", model);
        this.options = Check.notNull("options", options);
        this.optimizer = Optimizers.get(options.optimizer());
        this.loss = new CompiledLoss(options.loss(), options.lossWeights());
        this.metrics = new CompiledMetrics(options.metrics(), options.weightedMetrics());
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** What {@code compile} was given (saved as Keras's {@code compile_config}). */
    public CompileOptions compileOptions() {
        return options;
    }

    /**
     * Keras's symbolic build, before the first step of {@code fit} or {@code evaluate}: the compiled
     * loss and metrics are resolved from a first batch, so that {@code model.metrics()} lists them
     * before any step (a custom {@code trainStep} that updates {@code metrics()} then updates them
     * too). It runs the model once in inference mode when something is left to build.
     */
    public void build(Batch data) {
        Check.notNull("data", data);
        if (data.targets().isEmpty()) return;
        boolean lossLeft = loss.hasLoss() && !loss.built(), metricsLeft = !metrics.isEmpty() && !metrics.built();
        if (!lossLeft && !metricsLeft) return;
        List<Tensor> yPred = model.applyAll(data.inputs(), false);
        if (lossLeft) loss.build(model.outputNames(), data.targets(), yPred);
        if (metricsLeft) metrics.build(model.outputNames(), data.targets(), yPred);
    }

    // ------------------------------------------------------------------ loss

    /** Keras's {@code compute_loss}: the compiled loss plus every loss in {@code model.losses()}; updates the per-output trackers. */
    public Tensor computeLoss(Batch data, List<Tensor> yPred) {
        LossTerms terms = lossTerms(data, yPred, 1, 1);
        loss.track(terms.perOutput(), data.size());
        return terms.total();
    }

    /**
     * A shard's loss: the compiled loss scaled by {@code dataScale} (its share of the global batch, so
     * that the replicas' losses add up to the global mean) plus {@code model.losses()} scaled by
     * {@code extraScale} (1 / replicas: counted once in all). Scales of 1 multiply nothing.
     */
    LossTerms lossTerms(Batch data, List<Tensor> yPred, double dataScale, double extraScale) {
        List<Tensor> parts = new ArrayList<>();
        List<Tensor> perOutput = List.of();
        if (loss.hasLoss()) {
            CompiledLoss.Terms t = loss.call(model.outputNames(), data.targets(), yPred, data.sampleWeight());
            if (t.total() != null) parts.add(dataScale == 1 ? t.total() : t.total().mul(dataScale));
            perOutput = t.perOutput();
        }
        for (Tensor l : model.losses()) {
            Tensor s = l.rank() == 0 ? l : Ops.sum(l);
            parts.add(extraScale == 1 ? s : s.mul(extraScale));
        }
        if (parts.isEmpty()) throw new IllegalStateException("No loss to compute: compile the model with a loss, "
                + "or add losses with addLoss in the model's call.");
        Tensor total = parts.get(0);
        for (int i = 1; i < parts.size(); i++) total = Ops.add(total, parts.get(i));
        return new LossTerms(total, perOutput);
    }

    /** A batch's (or shard's) total loss and each tracked output's loss. */
    record LossTerms(Tensor total, List<Tensor> perOutput) {}

    /** Updates the {@code loss} tracker with a batch's total loss, weighted by the batch size. */
    public void trackLoss(Tensor totalLoss, int batchSize) {
        lossTracker.update(totalLoss, batchSize);
    }

    void trackOutputLosses(List<Tensor> perOutput, int batchSize) {
        loss.track(perOutput, batchSize);
    }

    // ------------------------------------------------------------------ metrics

    /** Keras's {@code compute_metrics}: updates the compiled metrics and returns every metric's result. */
    public Map<String, Object> computeMetrics(Batch data, List<Tensor> yPred) {
        updateMetrics(data, yPred);
        return results(model.metrics());
    }

    void updateMetrics(Batch data, List<Tensor> yPred) {
        if (!metrics.isEmpty() && !data.targets().isEmpty())
            metrics.update(model.outputNames(), data.targets(), yPred, data.sampleWeight());
    }

    /** The compiled metrics, in order: the ones {@link #updateMetrics} updates. */
    List<Metric> compiledMetrics() {
        return metrics.metrics();
    }

    /**
     * Adds a replica's compiled-metric states (each metric's variables in order, computed from reset on
     * its shard alone) to these metrics'. Every metric's update adds to its state, so this equals
     * updating with the shard here: the same bits.
     */
    void mergeMetricStates(List<Tensor> states) {
        int k = 0;
        for (Metric m : metrics.metrics())
            for (dev.gradus.autodiff.Variable v : m.variables()) v.assignAdd(states.get(k++));
        if (k != states.size()) throw new IllegalStateException("mergeMetricStates: " + states.size()
                + " states for " + k + " metric variables");
    }

    /** Keras's {@code model.metrics} when not overridden: the loss tracker, the compiled metrics, then the per-output loss trackers. */
    public List<Metric> metrics() {
        List<Metric> out = new ArrayList<>();
        out.add(lossTracker);
        out.addAll(metrics.metrics());
        out.addAll(loss.metrics());
        return out;
    }

    /** Each metric's current result by name: scalars as Double, other shapes as Tensor. */
    public static Map<String, Object> results(List<Metric> metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Metric m : metrics) {
            Tensor r = m.result();
            out.put(m.name(), r.rank() == 0 || r.size() == 1 ? (Object) (double) r.toFloatArray()[0] : r);
        }
        return out;
    }

    private boolean warnedNoWeights;
    /** The runner without a distribution, kept across calls: compiled steps keep their buffer plans. */
    private StepRunner localRunner;

    StepRunner localRunner() {
        if (localRunner == null) {
            StepRunner eager = new EagerStepRunner(model, this);
            localRunner = options.compiledSteps() ? new CompiledStepRunner(eager) : eager;
        }
        return localRunner;
    }

    /** Steps that reused a recorded buffer plan so far (0 unless {@code jit_compile=true}). */
    public long compiledStepReplays() {
        return localRunner == null ? 0 : localRunner.compiledStepReplays();
    }

    /** Keras's warning, once per compile, when a train step finds nothing to train. */
    void warnNoTrainableWeights(org.slf4j.Logger log) {
        if (warnedNoWeights) return;
        warnedNoWeights = true;
        log.warn("The model does not have any trainable weights.");
    }

    // ------------------------------------------------------------------ step count

    /** The number of the next train step, the key of its randomness (dev.gradus.util.StepRandom). */
    long nextTrainStep() {
        return trainSteps;
    }

    void countTrainStep() {
        trainSteps++;
    }

    /**
     * At the start of {@code fit}, once callbacks may have restored a checkpoint: the count follows the
     * optimizer's step count whenever the optimizer has stepped, so a resumed run (BackupAndRestore, a
     * loaded model) draws the masks of an uninterrupted one. A custom step that never uses the compiled
     * optimizer (a GAN with its own) keeps counting by itself.
     */
    void catchUpWithOptimizer() {
        if (optimizer.isBuilt()) trainSteps = optimizer.iterationCount();
    }
}
