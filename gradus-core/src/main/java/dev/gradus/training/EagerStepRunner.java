package dev.gradus.training;

import dev.gradus.autodiff.InPlaceUpdates;
import dev.gradus.data.Batch;
import dev.gradus.models.Model;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.StepRandom;
import java.util.List;
import java.util.Map;

/**
 * Runs the model's own (possibly overridden) {@code trainStep}/{@code testStep}/{@code predictStep}
 * on the calling thread, inside the two scopes every train step has: the step's randomness key
 * ({@link StepRandom}) and in-place weight updates ({@link InPlaceUpdates}).
 */
final class EagerStepRunner implements StepRunner {
    private final Model model;
    private final CompiledState compiled;

    EagerStepRunner(Model model, CompiledState compiled) {
        this.model = model;
        this.compiled = compiled;
    }

    @Override
    public Map<String, Object> trainStep(Batch batch) {
        long step = compiled.nextTrainStep();
        Map<String, Object> logs = InPlaceUpdates.step(model.trainableVariables(),
                () -> StepRandom.run(step, 0, () -> model.trainStep(batch)));
        compiled.countTrainStep();
        return logs;
    }

    @Override
    public Map<String, Object> testStep(Batch batch) {
        return model.testStep(batch);
    }

    @Override
    public List<Tensor> predictStep(Batch batch) {
        return model.predictStep(batch);
    }

    @Override
    public boolean readsBatchRows() {
        return false; // the steps run in this JVM, on the batch itself
    }
}
