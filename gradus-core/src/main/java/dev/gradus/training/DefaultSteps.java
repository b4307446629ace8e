package dev.gradus.training;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.InPlaceUpdates;
import dev.gradus.autodiff.Variable;
import dev.gradus.data.Batch;
import dev.gradus.models.Model;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras's default {@code train_step}, {@code test_step} and {@code predict_step}, written as one
 * replica's part (forward and backward on a shard) and the part that runs once per global batch
 * (sum the gradients in replica order, one optimizer step, losses and metrics). Without a
 * distribution the whole batch is the one shard, so a single machine and one replica run the same
 * arithmetic.
 */
public final class DefaultSteps {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSteps.class);

    private DefaultSteps() {}

    /**
     * What one replica computed on its shard: its size, its batch and outputs (null when the replica
     * ran in another JVM), the trainable variables (read after the forward pass, so that layers built
     * on first call are in), their gradients, the scaled loss terms, the assignments it held back (null
     * when it applied them itself), and the compiled metrics' states over the shard alone (null when the
     * metrics are updated here from the batch and outputs).
     */
    record Shard(int size, Batch batch, List<Tensor> yPred, List<Variable> variables, List<Tensor> gradients,
                 CompiledState.LossTerms loss, Map<Variable, Tensor> assignments, List<Tensor> metricStates) {
        Shard(Batch batch, List<Tensor> yPred, List<Variable> variables, List<Tensor> gradients,
              CompiledState.LossTerms loss, Map<Variable, Tensor> assignments) {
            this(batch.size(), batch, yPred, variables, gradients, loss, assignments, null);
        }
    }

    /** Keras's default {@code train_step} on one batch. */
    public static Map<String, Object> trainStep(Model model, CompiledState compiled, Batch data) {
        return finishTrain(model, compiled, List.of(forwardBackward(model, compiled, data, 1, 1, false)), data.size());
    }

    /** Keras's default {@code test_step} on one batch. */
    public static Map<String, Object> testStep(Model model, CompiledState compiled, Batch data) {
        return finishTest(model, compiled, List.of(forward(model, compiled, data, 1, 1, false)), data.size());
    }

    /** Keras's default {@code predict_step}: the outputs in inference mode. */
    public static List<Tensor> predictStep(Model model, Batch data) {
        return model.applyAll(data.inputs(), false);
    }

    // ------------------------------------------------------------------ one replica

    /** Forward under a tape and the gradients of a shard's scaled loss. */
    static Shard forwardBackward(Model model, CompiledState compiled, Batch shard, double dataScale, double extraScale,
                                 boolean holdAssignments) {
        return holding(holdAssignments, held -> {
            try (GradientTape tape = new GradientTape()) {
                List<Tensor> yPred = model.applyAll(shard.inputs(), true);
                CompiledState.LossTerms loss = compiled.lossTerms(shard, yPred, dataScale, extraScale);
                List<Variable> vars = model.trainableVariables();
                List<Tensor> grads = vars.isEmpty() ? List.of()
                        : tape.gradient(compiled.optimizer().scaleLoss(loss.total()), vars);
                return new Shard(shard, yPred, vars, grads, loss, held);
            }
        });
    }

    /** A test step's forward pass and loss on a shard. */
    static Shard forward(Model model, CompiledState compiled, Batch shard, double dataScale, double extraScale,
                         boolean holdAssignments) {
        return holding(holdAssignments, held -> {
            List<Tensor> yPred = model.applyAll(shard.inputs(), false);
            CompiledState.LossTerms loss = compiled.lossTerms(shard, yPred, dataScale, extraScale);
            return new Shard(shard, yPred, List.of(), List.of(), loss, held);
        });
    }

    /** Runs a replica's part with its assignments held back for the merge, or (one replica) applied as they come (held null). */
    private static Shard holding(boolean holdAssignments, java.util.function.Function<Map<Variable, Tensor>, Shard> part) {
        if (!holdAssignments) return part.apply(null);
        Map<Variable, Tensor> held = new LinkedHashMap<>();
        return Variable.holdingAssignments(held, () -> part.apply(held));
    }

    // ------------------------------------------------------------------ once per global batch

    /** Sums the shards' gradients in replica order, applies one optimizer step, then losses and metrics. */
    static Map<String, Object> finishTrain(Model model, CompiledState compiled, List<Shard> shards, int globalSize) {
        List<Variable> vars = shards.get(0).variables();
        if (!vars.isEmpty()) {
            List<Tensor> grads = sumGradients(shards);
            if (grads.stream().allMatch(g -> g == null)) throw new IllegalStateException(
                    "No gradients: the loss does not depend on any of the model's " + vars.size() + " trainable variables");
            for (Shard s : shards) if (s.yPred() != null) InPlaceUpdates.keep(s.yPred());
            compiled.optimizer().applyGradients(grads, vars);
        } else {
            compiled.warnNoTrainableWeights(LOG);
        }
        applyHeldAssignments(shards, globalSize);
        model.applyConstraints();
        return finishTest(model, compiled, shards, globalSize);
    }

    /** Tracks the global batch's loss and updates the metrics shard by shard, in replica order. */
    static Map<String, Object> finishTest(Model model, CompiledState compiled, List<Shard> shards, int globalSize) {
        if (shards.size() == 1) {
            Shard s = shards.get(0);
            compiled.trackLoss(s.loss().total(), globalSize);
            compiled.trackOutputLosses(s.loss().perOutput(), globalSize);
        } else {
            compiled.trackLoss(sum(shards, s -> s.loss().total()), globalSize);
            List<Tensor> perOutput = new ArrayList<>();
            for (int k = 0; k < shards.get(0).loss().perOutput().size(); k++) {
                int output = k;
                perOutput.add(sum(shards, s -> s.loss().perOutput().get(output)));
            }
            compiled.trackOutputLosses(perOutput, globalSize);
        }
        for (Shard s : shards) {
            if (s.metricStates() == null) compiled.updateMetrics(s.batch(), s.yPred());
            else compiled.mergeMetricStates(s.metricStates());
        }
        return CompiledState.results(model.metrics());
    }

    private static Tensor sum(List<Shard> shards, java.util.function.Function<Shard, Tensor> part) {
        Tensor total = part.apply(shards.get(0));
        for (int r = 1; r < shards.size(); r++) total = Ops.add(total, part.apply(shards.get(r)));
        return total;
    }

    /** Per variable, the replicas' gradients added in replica order (null where no replica has one). */
    private static List<Tensor> sumGradients(List<Shard> shards) {
        if (shards.size() == 1) return shards.get(0).gradients();
        int n = shards.get(0).variables().size();
        List<Tensor> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Tensor total = null;
            for (Shard s : shards) {
                Tensor g = s.gradients().get(i);
                if (g != null) total = total == null ? g : Ops.add(total, g);
            }
            out.add(total);
        }
        return out;
    }

    /**
     * The replicas' held-back assignments (BatchNormalization's moving statistics, each from its own
     * shard's batch statistics), merged in replica order weighted by shard size: the count-weighted mean
     * of the replicas' updates, which is the plain mean when the shards are equal.
     */
    private static void applyHeldAssignments(List<Shard> shards, int globalSize) {
        if (shards.get(0).assignments() == null) return;
        Map<Variable, Tensor> merged = new LinkedHashMap<>();
        for (Shard s : shards) {
            double weight = (double) s.size() / globalSize;
            for (Map.Entry<Variable, Tensor> e : s.assignments().entrySet())
                merged.merge(e.getKey(), e.getValue().mul(weight), Ops::add);
        }
        for (Map.Entry<Variable, Tensor> e : merged.entrySet()) e.getKey().assign(e.getValue());
    }
}
