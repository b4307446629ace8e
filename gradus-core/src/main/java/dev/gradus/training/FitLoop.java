package dev.gradus.training;

import dev.gradus.autodiff.Variable;
import dev.gradus.callbacks.CallbackList;
import dev.gradus.callbacks.History;
import dev.gradus.data.Batch;
import dev.gradus.data.Dataset;
import dev.gradus.models.Model;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code fit} loop: epochs of steps, callbacks, validation, logs. Each batch goes
 * data → {@link StepRunner} → model → tape → optimizer → metrics, and its logs to the callbacks; the
 * loop does not know how a step runs (eagerly, compiled or on replicas).
 */
public final class FitLoop {
    private FitLoop() {}

    /** {@code fit} on tensors (one per input and per output). */
    public static History fit(Model model, CompiledState compiled, List<Tensor> xs, List<Tensor> ys, FitOptions o) {
        Check.notNull("options", o);
        return run(model, compiled, TrainingData.forFit(xs, ys, o, model), o);
    }

    /** {@code fit} on a batched {@link Dataset}. */
    public static History fit(Model model, CompiledState compiled, Dataset data, FitOptions o) {
        Check.notNull("options", o);
        return run(model, compiled, TrainingData.forFit(Check.notNull("data", data), o, model), o);
    }

    private static History run(Model model, CompiledState compiled, TrainingData.FitSources data, FitOptions o) {
        if (o.initialEpoch > o.epochs && o.epochs > 0) throw new IllegalArgumentException(
                "initial_epoch " + o.initialEpoch + " is after the last epoch: epochs is " + o.epochs);
        StepRunner runner = StepRunners.create(model, compiled, o.distribution);
        EpochIterator it = new EpochIterator(data.train(), o.stepsPerEpoch, runner);
        CallbackList callbacks = new CallbackList(o.callbacks, true, o.verbose != 0, model, params(o.verbose, o.epochs, it.steps()));
        model.stopTraining(false);
        model.initialEpoch(null);
        callbacks.onTrainBegin(new LinkedHashMap<>());
        // a callback (BackupAndRestore) may resume the run at a later epoch, as Keras's model._initial_epoch
        int initialEpoch = model.initialEpoch() != null ? model.initialEpoch() : o.initialEpoch;
        model.initialEpoch(null);
        compiled.catchUpWithOptimizer();
        // epoch k of a resumed run shuffles as epoch k of one long run (one pass per epoch without steps_per_epoch)
        if (data.train() instanceof ArraySource a && o.stepsPerEpoch == null) a.skipPasses(initialEpoch);
        Map<String, Object> trainingLogs = null;
        for (int epoch = initialEpoch; epoch < o.epochs; epoch++) {
            model.resetMetrics();
            callbacks.onEpochBegin(epoch, new LinkedHashMap<>());
            Map<String, Object>[] last = logsHolder();
            int[] steps = {0};
            it.epoch((step, batch) -> {
                callbacks.onTrainBatchBegin(step, new LinkedHashMap<>());
                compiled.build(batch);
                Map<String, Object> logs = new LinkedHashMap<>(runner.trainStep(batch));
                last[0] = logs;
                steps[0]++;
                callbacks.onTrainBatchEnd(step, logs);
            }, model::stopTraining);
            if (steps[0] == 0) { // an empty dataset: Keras warns and records no epoch
                EpochIterator.warnInterrupted();
                break;
            }
            Map<String, Object> epochLogs = new LinkedHashMap<>(last[0]);
            if (data.validation() != null && shouldValidate(epoch, o)) {
                Map<String, Object> valLogs = EvaluationLoops.evaluate(model, compiled, runner, data.validation(),
                        o.validationSteps, callbacks);
                for (Map.Entry<String, Object> e : valLogs.entrySet()) epochLogs.put("val_" + e.getKey(), e.getValue());
            }
            callbacks.onEpochEnd(epoch, epochLogs);
            trainingLogs = epochLogs;
            if (model.stopTraining()) break;
        }
        if (o.epochs > 0) compiled.optimizer().finalizeVariableValues(optimizerVariables(model, compiled));
        callbacks.onTrainEnd(trainingLogs == null ? new LinkedHashMap<>() : trainingLogs);
        History h = callbacks.history();
        model.history(h);
        return h;
    }

    /** Keras's {@code train_on_batch}: metrics are reset first, so the result is this batch's. */
    public static Map<String, Object> trainOnBatch(Model model, CompiledState compiled, List<Tensor> xs, List<Tensor> ys,
                                                   Tensor sampleWeight, Map<Integer, Double> classWeight) {
        TrainingData.checkData("train_on_batch", xs, ys, sampleWeight);
        Tensor sw = sampleWeight;
        if (classWeight != null) {
            if (sw != null) throw new IllegalArgumentException("You cannot `class_weight` and `sample_weight` at the same time.");
            sw = TrainingData.classWeightToSampleWeights(ys.get(0), classWeight);
        }
        Batch batch = new Batch(xs, ys, sw);
        model.resetMetrics();
        compiled.build(batch);
        return StepRunners.create(model, compiled, null).trainStep(batch);
    }

    static Map<String, Object> params(int verbose, int epochs, Integer steps) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("verbose", verbose);
        params.put("epochs", epochs);
        params.put("steps", steps);
        return params;
    }

    private static List<Variable> optimizerVariables(Model model, CompiledState compiled) {
        return compiled.optimizer().isBuilt() ? compiled.optimizer().trainableVariables() : model.trainableVariables();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object>[] logsHolder() {
        return (Map<String, Object>[]) new Map[1];
    }

    private static boolean shouldValidate(int epoch, FitOptions o) {
        if (o.validationEpochs != null) return o.validationEpochs.contains(epoch + 1);
        return (epoch + 1) % o.validationFreq == 0;
    }
}
