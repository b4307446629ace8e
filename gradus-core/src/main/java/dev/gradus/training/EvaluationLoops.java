package dev.gradus.training;

import dev.gradus.callbacks.CallbackList;
import dev.gradus.data.Batch;
import dev.gradus.data.BatchRows;
import dev.gradus.data.Dataset;
import dev.gradus.models.Model;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keras's {@code evaluate} and {@code predict} loops (and {@code test_on_batch}), each step through a {@link StepRunner}. */
public final class EvaluationLoops {
    private EvaluationLoops() {}

    /** {@code evaluate} on tensors; returns Keras's {@code return_dict=True} map. */
    public static Map<String, Object> evaluate(Model model, CompiledState compiled, List<Tensor> xs, List<Tensor> ys,
                                               EvaluateOptions o) {
        Check.notNull("options", o);
        return evaluate(model, compiled, TrainingData.forEvaluate(xs, ys, o), o);
    }

    /** {@code evaluate} on a batched {@link Dataset}. */
    public static Map<String, Object> evaluate(Model model, CompiledState compiled, Dataset data, EvaluateOptions o) {
        Check.notNull("options", o);
        return evaluate(model, compiled, TrainingData.forEvaluate(Check.notNull("data", data), o, model), o);
    }

    private static Map<String, Object> evaluate(Model model, CompiledState compiled, BatchSource source, EvaluateOptions o) {
        StepRunner runner = StepRunners.create(model, compiled, o.distribution);
        EpochIterator it = new EpochIterator(source, o.steps, runner);
        CallbackList callbacks = new CallbackList(o.callbacks, false, o.verbose != 0, model, FitLoop.params(o.verbose, 1, it.steps()));
        return evaluate(model, compiled, runner, source, o.steps, callbacks);
    }

    /** One evaluation pass (also {@code fit}'s validation, with fit's runner and callbacks). */
    static Map<String, Object> evaluate(Model model, CompiledState compiled, StepRunner runner, BatchSource source,
                                        Integer steps, CallbackList callbacks) {
        EpochIterator it = new EpochIterator(source, steps, runner);
        callbacks.onTestBegin(new LinkedHashMap<>());
        model.resetMetrics();
        Map<String, Object>[] last = FitLoop.logsHolder();
        it.epoch((step, batch) -> {
            callbacks.onTestBatchBegin(step, new LinkedHashMap<>());
            compiled.build(batch);
            Map<String, Object> logs = new LinkedHashMap<>(runner.testStep(batch));
            last[0] = logs;
            callbacks.onTestBatchEnd(step, logs);
        }, () -> false);
        Map<String, Object> logs = new LinkedHashMap<>(last[0] != null ? last[0] : model.metricsResult());
        callbacks.onTestEnd(logs);
        return logs;
    }

    /** Keras's {@code test_on_batch}: metrics are reset first. */
    public static Map<String, Object> testOnBatch(Model model, CompiledState compiled, List<Tensor> xs, List<Tensor> ys,
                                                  Tensor sampleWeight) {
        TrainingData.checkData("test_on_batch", xs, ys, sampleWeight);
        Batch batch = new Batch(xs, ys, sampleWeight);
        model.resetMetrics();
        compiled.build(batch);
        return StepRunners.create(model, compiled, null).testStep(batch);
    }

    /** {@code predict}: the batch outputs concatenated, one tensor per model output ({@code compiled} may be null). */
    public static List<Tensor> predict(Model model, CompiledState compiled, List<Tensor> xs, PredictOptions o) {
        Check.notNull("options", o);
        return predict(model, compiled, TrainingData.forPredict(xs, o), o);
    }

    /** {@code predict} on a batched {@link Dataset} (its targets, if any, are ignored). */
    public static List<Tensor> predict(Model model, CompiledState compiled, Dataset data, PredictOptions o) {
        Check.notNull("options", o);
        return predict(model, compiled, new DatasetSource(Check.notNull("data", data), null, "predict", model.inputNames(), null), o);
    }

    private static List<Tensor> predict(Model model, CompiledState compiled, BatchSource source, PredictOptions o) {
        StepRunner runner = StepRunners.create(model, compiled, o.distribution);
        EpochIterator it = new EpochIterator(source, o.steps, runner);
        CallbackList callbacks = new CallbackList(o.callbacks, false, o.verbose != 0, model, FitLoop.params(o.verbose, 1, it.steps()));
        callbacks.onPredictBegin(new LinkedHashMap<>());
        List<List<Tensor>> outputs = new ArrayList<>();
        it.epoch((step, batch) -> {
            callbacks.onPredictBatchBegin(step, new LinkedHashMap<>());
            List<Tensor> out = runner.predictStep(BatchRows.inputsOnly(batch));
            outputs.add(out);
            Map<String, Object> logs = new LinkedHashMap<>();
            logs.put("outputs", out);
            callbacks.onPredictBatchEnd(step, logs);
        }, () -> false);
        callbacks.onPredictEnd(new LinkedHashMap<>());
        if (outputs.isEmpty()) throw new IllegalArgumentException("predict: no batches to predict on");
        return concatOutputs(outputs);
    }

    /** Per model output, the parts' outputs (batches, or a batch's replica shards) joined along the batch axis, in order. */
    static List<Tensor> concatOutputs(List<List<Tensor>> parts) {
        if (parts.size() == 1) return parts.get(0);
        List<Tensor> result = new ArrayList<>();
        for (int k = 0; k < parts.get(0).size(); k++) {
            List<Tensor> pieces = new ArrayList<>(parts.size());
            for (List<Tensor> p : parts) pieces.add(p.get(k));
            result.add(Ops.concat(pieces, 0));
        }
        return result;
    }
}
