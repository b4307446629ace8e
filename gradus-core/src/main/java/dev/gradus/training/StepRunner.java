package dev.gradus.training;

import dev.gradus.data.Batch;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * How one step of {@code fit}, {@code evaluate} or {@code predict} runs on a global batch: eagerly,
 * compiled ({@code jit_compile}), or split over data-parallel replicas. The loops
 * ({@link FitLoop}, {@link EvaluationLoops}) hand each batch to a runner and know nothing else
 * about how it runs; {@link StepRunners#create} picks one.
 */
public interface StepRunner {
    /** One training step; returns the logs (metric name to value). */
    Map<String, Object> trainStep(Batch batch);

    /** One evaluation step; returns the logs. */
    Map<String, Object> testStep(Batch batch);

    /** One prediction step: the outputs for the batch's inputs. */
    List<Tensor> predictStep(Batch batch);

    /** Steps that reused a recorded buffer plan so far (0 unless steps run compiled). */
    default long compiledStepReplays() {
        return 0;
    }
}
