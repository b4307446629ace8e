package dev.gradus.training;

import dev.gradus.data.Batch;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keras's {@code jit_compile=true}: each train, test or predict step runs under the buffer plan of its
 * batch signature. The first step of a signature records its buffers, later ones reuse them (the same
 * numbers as eager, fewer allocations). Tensor-valued logs and the predictions are copied out, since they
 * outlive the step. Predict steps run with no tape, so their plan holds only the forward pass's buffers:
 * a served model's batch-1 calls allocate little more than their result.
 */
final class CompiledStepRunner implements StepRunner {
    private final StepRunner eager;
    /** One plan per batch signature (the last, partial batch has its own). */
    private final StepPlans plans = new StepPlans();

    CompiledStepRunner(StepRunner eager) {
        this.eager = eager;
    }

    @Override
    public Map<String, Object> trainStep(Batch batch) {
        return run(Kind.TRAIN, batch, () -> eager.trainStep(batch));
    }

    @Override
    public Map<String, Object> testStep(Batch batch) {
        return run(Kind.TEST, batch, () -> eager.testStep(batch));
    }

    @Override
    public List<Tensor> predictStep(Batch batch) {
        return plans.run(signature(Kind.PREDICT, batch), () -> {
            List<Tensor> outputs = new ArrayList<>(eager.predictStep(batch));
            outputs.replaceAll(StepPlans::detach);
            return outputs;
        });
    }

    /** Which step a plan serves: the same shapes trace different programs in each. */
    private enum Kind { TRAIN, TEST, PREDICT }

    private Map<String, Object> run(Kind kind, Batch batch, Supplier<Map<String, Object>> step) {
        return plans.run(signature(kind, batch), () -> {
            Map<String, Object> logs = new LinkedHashMap<>(step.get());
            for (Map.Entry<String, Object> e : logs.entrySet()) {
                if (e.getValue() instanceof Tensor t) e.setValue(StepPlans.detach(t));
            }
            return logs;
        });
    }

    /** The plan key: the kind of step, and every shape in the batch (a list of shapes: no string building per step). */
    private static List<Object> signature(Kind kind, Batch batch) {
        List<Object> key = new ArrayList<>(batch.inputs().size() + batch.targets().size() + 2);
        key.add(kind);
        for (Tensor t : batch.inputs()) key.add(t.shape());
        for (Tensor t : batch.targets()) key.add(t.shape());
        key.add(batch.sampleWeight() == null ? "-" : batch.sampleWeight().shape());
        return key;
    }

    @Override
    public long compiledStepReplays() {
        return plans.replays();
    }

    @Override
    public boolean readsBatchRows() {
        return false; // the steps run in this JVM, on the batch itself
    }
}
