package dev.gradus.training;

import dev.gradus.autodiff.InPlaceUpdates;
import dev.gradus.data.Batch;
import dev.gradus.distribution.DataParallel;
import dev.gradus.models.Model;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.util.StepRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a {@link DataParallel} run: each global batch is cut into the replicas' shards, the
 * replicas run Keras's default step on their shards ({@link DefaultSteps#forwardBackward}), and
 * the calling thread finishes the step once ({@link DefaultSteps#finishTrain}). Every part runs with
 * single-threaded kernels ({@link Parallel#serially}), the replicas side by side on the executor, so a
 * step's bits depend on the replica count only.
 *
 * <p>A model that overrides {@code trainStep}, {@code testStep} or {@code predictStep} runs that
 * step on the whole global batch instead (logged once): its code decides how to read the batch and
 * apply gradients, which a replica cannot split for it.
 */
final class ReplicatedStepRunner implements StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedStepRunner.class);

    private final Model model;
    private final CompiledState compiled;
    private final DataParallel distribution;
    private final StepRunner whole;
    private final boolean customTrain, customTest, customPredict;
    /** The first train step runs its replicas one after another: layers that build on first call build once. */
    private boolean warmedUp;
    private boolean warned;

    ReplicatedStepRunner(Model model, CompiledState compiled, DataParallel distribution, StepRunner whole) {
        this.model = model;
        this.compiled = compiled;
        this.distribution = distribution;
        this.whole = whole;
        this.customTrain = !ShardSteps.usesDefaultStep(model, "trainStep");
        this.customTest = !ShardSteps.usesDefaultStep(model, "testStep");
        this.customPredict = !ShardSteps.usesDefaultStep(model, "predictStep");
    }

    @Override
    public Map<String, Object> trainStep(Batch batch) {
        if (customTrain) return wholeBatch("trainStep", () -> whole.trainStep(batch));
        List<Integer> offsets = new ArrayList<>();
        List<Batch> shards = shards(batch, offsets);
        int n = batch.size(), replicas = shards.size();
        long step = compiled.nextTrainStep();
        Map<String, Object> logs = InPlaceUpdates.step(model.trainableVariables(), () -> {
            List<DefaultSteps.Shard> results = runReplicas(replicas, r -> StepRandom.run(step, offsets.get(r),
                    () -> DefaultSteps.forwardBackward(model, compiled, shards.get(r),
                            scale(shards.get(r).size(), n), 1.0 / replicas, replicas > 1)));
            return Parallel.serially(() -> DefaultSteps.finishTrain(model, compiled, results, n));
        });
        compiled.countTrainStep();
        warmedUp = true;
        return logs;
    }

    @Override
    public Map<String, Object> testStep(Batch batch) {
        if (customTest) return wholeBatch("testStep", () -> whole.testStep(batch));
        List<Batch> shards = shards(batch, new ArrayList<>());
        int n = batch.size(), replicas = shards.size();
        List<DefaultSteps.Shard> results = runReplicas(replicas, r -> DefaultSteps.forward(model, compiled,
                shards.get(r), scale(shards.get(r).size(), n), 1.0 / replicas, replicas > 1));
        return Parallel.serially(() -> DefaultSteps.finishTest(model, compiled, results, n));
    }

    @Override
    public List<Tensor> predictStep(Batch batch) {
        if (customPredict) return wholeBatch("predictStep", () -> whole.predictStep(batch));
        List<Batch> shards = shards(batch, new ArrayList<>());
        return EvaluationLoops.concatOutputs(runReplicas(shards.size(), r -> DefaultSteps.predictStep(model, shards.get(r))));
    }

    /**
     * Each replica's job with single-threaded kernels: side by side on the executor, or (the first train
     * step, while layers may still build) one after another here. Either way the same bits.
     */
    private <T> List<T> runReplicas(int replicas, java.util.function.IntFunction<T> job) {
        if (!warmedUp) {
            List<T> out = new ArrayList<>(replicas);
            for (int r = 0; r < replicas; r++) {
                int replica = r;
                out.add(Parallel.serially(() -> job.apply(replica)));
            }
            return out;
        }
        return distribution.executor().runAll(replicas, job);
    }

    private static double scale(int shard, int global) {
        return shard == global ? 1 : (double) shard / global;
    }

    private List<Batch> shards(Batch batch, List<Integer> offsets) {
        return ShardSteps.split(batch, distribution.replicaCount(), offsets);
    }

    private <T> T wholeBatch(String step, java.util.function.Supplier<T> body) {
        if (!warned) {
            warned = true;
            LOG.warn("{} is overridden by {}: under {} it runs on each whole global batch on one replica, "
                    + "since its code decides how the batch is used and the gradients applied",
                    step, model.getClass().getSimpleName(), distribution);
        }
        return body.get();
    }
}
