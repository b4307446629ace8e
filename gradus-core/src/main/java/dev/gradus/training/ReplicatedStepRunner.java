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

    private final Model model;
    private final CompiledState compiled;
    private final DataParallel distribution;
    private final StepRunner whole;
    private final ShardSteps.CustomSteps custom;
    /** The first train step runs its replicas one after another: layers that build on first call build once. */
    private boolean warmedUp;

    ReplicatedStepRunner(Model model, CompiledState compiled, DataParallel distribution, StepRunner whole) {
        this.model = model;
        this.compiled = compiled;
        this.distribution = distribution;
        this.whole = whole;
        this.custom = new ShardSteps.CustomSteps(model, distribution);
    }

    @Override
    public Map<String, Object> trainStep(Batch batch) {
        if (custom.train()) return custom.wholeBatch("trainStep", () -> whole.trainStep(batch));
        List<Integer> offsets = new ArrayList<>();
        List<Batch> shards = shards(batch, offsets);
        int n = batch.size(), replicas = shards.size();
        long step = compiled.nextTrainStep();
        Map<String, Object> logs = InPlaceUpdates.step(model.trainableVariables(), () -> {
            List<DefaultSteps.Shard> results = runReplicas(replicas, r -> StepRandom.run(step, offsets.get(r),
                    () -> DefaultSteps.forwardBackward(model, compiled, shards.get(r),
                            ShardSteps.scale(shards.get(r).size(), n), 1.0 / replicas, replicas > 1)));
            return Parallel.serially(() -> DefaultSteps.finishTrain(model, compiled, results, n));
        });
        compiled.countTrainStep();
        warmedUp = true;
        return logs;
    }

    @Override
    public Map<String, Object> testStep(Batch batch) {
        if (custom.test()) return custom.wholeBatch("testStep", () -> whole.testStep(batch));
        List<Batch> shards = shards(batch, new ArrayList<>());
        int n = batch.size(), replicas = shards.size();
        List<DefaultSteps.Shard> results = runReplicas(replicas, r -> DefaultSteps.forward(model, compiled,
                shards.get(r), ShardSteps.scale(shards.get(r).size(), n), 1.0 / replicas, replicas > 1));
        return Parallel.serially(() -> DefaultSteps.finishTest(model, compiled, results, n));
    }

    @Override
    public List<Tensor> predictStep(Batch batch) {
        if (custom.predict()) return custom.wholeBatch("predictStep", () -> whole.predictStep(batch));
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

    private List<Batch> shards(Batch batch, List<Integer> offsets) {
        return ShardSteps.split(batch, distribution.replicaCount(), offsets);
    }

    @Override
    public boolean readsBatchRows() {
        return false; // the steps run in this JVM, on the batch itself
    }
}
