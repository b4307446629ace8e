package dev.gradus.spark;

import dev.gradus.autodiff.Variable;
import dev.gradus.data.Batch;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.training.CompiledState;
import dev.gradus.training.ShardSteps.Values;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models an executor JVM has built, per {@link ModelSpec}: built from the architecture once and
 * reused by every later step. A task borrows one copy for its shard and gives it back; tasks running
 * side by side on one executor's cores get copies of their own, so no two shards ever share a model's
 * state. The few most recent specs are kept.
 */
final class ExecutorModels {
    private static final int SPECS_KEPT = 4;
    private static final Map<String, Deque<Replica>> POOLS = new LinkedHashMap<>(8, 0.75f, true);

    private ExecutorModels() {}

    /** A model of the spec with its own compiled state, and the id of the weights it holds. */
    static final class Replica {
        final Model model;
        final CompiledState compiled;
        private String weightsId;

        private Replica(ModelSpec spec) {
            this.model = Models.modelFromJson(spec.json());
            this.compiled = model.compileOptions() == null ? null : new CompiledState(model, model.compileOptions());
        }

        /** Builds the model on the shard's inputs when it has no weights yet, then takes the snapshot's values. */
        void load(WeightSnapshot snapshot, Batch shard) {
            if (snapshot.id().equals(weightsId)) return;
            if (model.weights().size() != snapshot.weights().length && model.weights().isEmpty())
                Parallel.serially(() -> model.applyAll(shard.inputs(), false));
            List<Variable> weights = model.weights();
            if (weights.size() != snapshot.weights().length) throw new IllegalStateException("The executor's copy of the model has "
                    + weights.size() + " weights, the driver's " + snapshot.weights().length + ": the architecture did not rebuild the same model");
            for (int i = 0; i < weights.size(); i++) {
                Values v = snapshot.weights()[i];
                if (!Arrays.equals(weights.get(i).shape().dims(), v.shape())) throw new IllegalStateException("Weight " + i + " ('"
                        + weights.get(i).name() + "') has shape " + weights.get(i).shape() + " on the executor, "
                        + dev.gradus.tensor.Shape.of(v.shape()) + " on the driver");
                weights.get(i).assign(v.tensor());
            }
            weightsId = snapshot.id();
        }
    }

    /**
     * Runs {@code body} on a copy of the spec's model holding the snapshot's weights (built on
     * {@code shard}'s inputs if it has none yet), borrowed for the call.
     */
    static <T> T withModel(ModelSpec spec, WeightSnapshot weights, Batch shard, java.util.function.Function<Replica, T> body) {
        Replica r = borrow(spec);
        try {
            r.load(weights, shard);
            return body.apply(r);
        } finally {
            giveBack(spec, r);
        }
    }

    private static Replica borrow(ModelSpec spec) {
        synchronized (POOLS) {
            Deque<Replica> pool = POOLS.computeIfAbsent(spec.id(), k -> new ArrayDeque<>());
            while (POOLS.size() > SPECS_KEPT) POOLS.remove(POOLS.keySet().iterator().next());
            Replica r = pool.poll();
            if (r != null) return r;
        }
        return new Replica(spec);
    }

    private static void giveBack(ModelSpec spec, Replica replica) {
        synchronized (POOLS) {
            Deque<Replica> pool = POOLS.get(spec.id());
            if (pool != null) pool.push(replica);
        }
    }
}
