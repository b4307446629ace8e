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

    /**
     * Whether this runner looks up where a batch's rows come from ({@link dev.gradus.data.BatchRows#of}): a
     * distribution that keeps the arrays where it computes sends row indices instead of rows. Array data
     * records the rows of each batch only for such a runner; for one that runs in this JVM the record is work
     * for nothing, and a third of a batch-1 {@code predict}'s framework time. Runners that do not say
     * otherwise get the records.
     */
    default boolean readsBatchRows() {
        return true;
    }

    /** Steps that reused a recorded buffer plan so far (0 unless steps run compiled). */
    default long compiledStepReplays() {
        return 0;
    }
}
