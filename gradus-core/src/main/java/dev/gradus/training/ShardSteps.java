package dev.gradus.training;

import dev.gradus.autodiff.Variable;
import dev.gradus.data.Batch;
import dev.gradus.distribution.DataParallel;
import dev.gradus.metrics.Metric;
import dev.gradus.models.Model;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.util.Check;
import dev.gradus.util.StepRandom;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A data-parallel step cut where a network can pass between its halves: one replica's part runs on a
 * copy of the model in another JVM (a Spark executor) and returns a {@link Result} of plain arrays;
 * the driver finishes the step once on its own model. Both halves are the code that
 * {@code DataParallel.replicas(R)} runs in one JVM ({@link DefaultSteps}), so a remote run with the
 * same shards gives the same bits.
 *
 * <p>A replica's compiled metrics are returned as their states over its shard alone and added to the
 * driver's in replica order; every metric's update adds to its state, so this is the same as updating
 * the driver's metrics with the shard, without sending the shard's labels back.
 */
public final class ShardSteps {
    private ShardSteps() {}

    /** A tensor's values and shape, to send between JVMs. */
    public record Values(float[] data, int[] shape) implements Serializable {
        public Values {
            Check.notNull("data", data);
            Check.notNull("shape", shape);
            Check.argument(data.length == Shape.of(shape).size(), "data: expected " + Shape.of(shape).size()
                    + " values for shape " + Shape.of(shape) + ", got " + data.length);
        }

        /** A copy of {@code t}'s values. */
        public static Values of(Tensor t) {
            return new Values(t.toFloatArray(), t.shape().dims());
        }

        /** A tensor with a copy of these values. */
        public Tensor tensor() {
            return Tensor.of(data, shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Values v && Arrays.equals(data, v.data) && Arrays.equals(shape, v.shape);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return "Values" + Shape.of(shape);
        }
    }

    /**
     * What one replica computed on its shard: its size, the gradients of the trainable variables in the
     * model's order (null where a variable has none; empty for a test step), the scaled total loss and
     * per-output losses, the compiled metrics' states over the shard, and the assignments it held back
     * (BatchNormalization's moving statistics) by index in {@code model.weights()}.
     */
    public record Result(int size, Values[] gradients, Values loss, Values[] outputLosses, Values[] metricStates,
                         Map<Integer, Values> assignments) implements Serializable {}

    /** The non-empty row ranges {@code {from, to}} of a batch of {@code size} rows cut into {@code replicas} contiguous shards. */
    public static List<int[]> ranges(int size, int replicas) {
        int[] bounds = DataParallel.shardBounds(size, replicas);
        List<int[]> out = new ArrayList<>(bounds.length - 1);
        for (int r = 0; r + 1 < bounds.length; r++) if (bounds[r] < bounds[r + 1]) out.add(new int[] {bounds[r], bounds[r + 1]});
        return out;
    }

    /**
     * The replicas' shards of a global batch, as {@code DataParallel.replicas(replicas)} cuts it:
     * contiguous row ranges of every tensor, in replica order, empty ones left out. Each shard's first
     * row's index in the batch is added to {@code offsets}.
     */
    public static List<Batch> split(Batch batch, int replicas, List<Integer> offsets) {
        Check.notNull("batch", batch);
        Check.notNull("offsets", offsets);
        List<int[]> ranges = ranges(batch.size(), replicas);
        List<Batch> out = new ArrayList<>(ranges.size());
        for (int[] range : ranges) {
            int from = range[0], to = range[1];
            offsets.add(from);
            if (from == 0 && to == batch.size()) {
                out.add(batch);
                continue;
            }
            // withTensors keeps the batch's input and target names (dict-structured data)
            out.add(batch.withTensors(TrainingData.rows(batch.inputs(), from, to), TrainingData.rows(batch.targets(), from, to),
                    batch.sampleWeight() == null ? null : Ops.slice(batch.sampleWeight(), 0, from, to)));
        }
        return out;
    }

    /**
     * Which of a model's steps it overrides ({@code trainStep}, {@code testStep}, {@code predictStep}):
     * such a step decides itself how a batch is used, so a distribution runs it on the whole global
     * batch instead of splitting it, and says so once.
     */
    public static final class CustomSteps {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CustomSteps.class);
        private final Model model;
        private final Object distribution;
        private final boolean train, test, predict;
        private boolean warned;

        /** The steps {@code model} overrides, for runs under {@code distribution} (named in the warning). */
        public CustomSteps(Model model, Object distribution) {
            this.model = Check.notNull("model", model);
            this.distribution = distribution;
            this.train = overrides(model, "trainStep");
            this.test = overrides(model, "testStep");
            this.predict = overrides(model, "predictStep");
        }

        private static boolean overrides(Model model, String step) {
            try {
                return model.getClass().getMethod(step, Batch.class).getDeclaringClass() != Model.class;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("Model has no " + step + "(Batch) method", e);
            }
        }

        public boolean train() {
            return train;
        }

        public boolean test() {
            return test;
        }

        public boolean predict() {
            return predict;
        }

        /** Whether any step is the model's own. */
        public boolean any() {
            return train || test || predict;
        }

        /** Runs the model's own {@code step} on the whole batch, warning the first time. */
        public <T> T wholeBatch(String step, java.util.function.Supplier<T> body) {
            if (!warned) {
                warned = true;
                LOG.warn("{} is overridden by {}: under {} it runs on each whole global batch, "
                        + "since its code decides how the batch is used and the gradients applied",
                        step, model.getClass().getSimpleName(), distribution);
            }
            return body.get();
        }
    }

    // ------------------------------------------------------------------ on a replica's JVM

    /**
     * One replica's part of train step {@code step}: forward and backward on {@code shard} (whose first
     * row is row {@code offset} of a global batch of {@code globalSize} rows cut into {@code replicas}
     * non-empty shards), with single-threaded kernels. {@code compiled} is the replica's own, built for
     * this model ({@code new CompiledState(model, options)}); its metrics are reset.
     */
    public static Result train(Model model, CompiledState compiled, Batch shard, long step, int offset, int globalSize,
                               int replicas) {
        checkShard(model, compiled, shard, offset, globalSize, replicas);
        // assignments are always held back: the driver's model takes them (one replica's at weight 1)
        return Parallel.serially(() -> {
            compiled.build(shard);
            return StepRandom.run(step, offset, () -> result(model, compiled, DefaultSteps.forwardBackward(model,
                    compiled, shard, scale(shard.size(), globalSize), 1.0 / replicas, true)));
        });
    }

    /** One replica's part of a test step on {@code shard} (see {@link #train}). */
    public static Result test(Model model, CompiledState compiled, Batch shard, int globalSize, int replicas) {
        checkShard(model, compiled, shard, 0, globalSize, replicas);
        return Parallel.serially(() -> {
            compiled.build(shard);
            return result(model, compiled, DefaultSteps.forward(model, compiled, shard,
                    scale(shard.size(), globalSize), 1.0 / replicas, true));
        });
    }

    /** One replica's part of a predict step: the model's outputs on {@code shard}, single-threaded. */
    public static Values[] predict(Model model, Batch shard) {
        Check.notNull("model", model);
        Check.notNull("shard", shard);
        return Parallel.serially(() -> DefaultSteps.predictStep(model, shard)).stream().map(Values::of).toArray(Values[]::new);
    }

    private static void checkShard(Model model, CompiledState compiled, Batch shard, int offset, int globalSize, int replicas) {
        Check.notNull("model", model);
        Check.notNull("compiled", compiled);
        Check.notNull("shard", shard);
        Check.atLeast("replicas", replicas, 1);
        Check.argument(offset >= 0 && offset + shard.size() <= globalSize, "offset: expected the shard's rows ["
                + offset + ", " + (offset + shard.size()) + ") inside a global batch of " + globalSize + " rows");
    }

    static double scale(int shard, int global) {
        return shard == global ? 1 : (double) shard / global;
    }

    private static Result result(Model model, CompiledState compiled, DefaultSteps.Shard s) {
        Values[] grads = new Values[s.gradients().size()];
        for (int i = 0; i < grads.length; i++) grads[i] = s.gradients().get(i) == null ? null : Values.of(s.gradients().get(i));
        Values[] perOutput = s.loss().perOutput().stream().map(Values::of).toArray(Values[]::new);
        List<Values> states = new ArrayList<>();
        for (Metric m : compiled.compiledMetrics()) m.resetState();
        compiled.updateMetrics(s.batch(), s.yPred());
        for (Metric m : compiled.compiledMetrics()) for (Variable v : m.variables()) states.add(Values.of(v.value()));
        Map<Integer, Values> assignments = new LinkedHashMap<>();
        List<Variable> weights = model.weights();
        for (Map.Entry<Variable, Tensor> e : s.assignments().entrySet())
            assignments.put(indexOf(weights, e.getKey()), Values.of(e.getValue()));
        return new Result(s.size(), grads, Values.of(s.loss().total()), perOutput, states.toArray(Values[]::new), assignments);
    }

    private static int indexOf(List<Variable> weights, Variable v) {
        for (int i = 0; i < weights.size(); i++) if (weights.get(i) == v) return i;
        throw new IllegalStateException("A replica assigned variable '" + v.name() + "', which is not among the model's weights");
    }

    // ------------------------------------------------------------------ on the driver

    /** The number of the next train step (the key of its randomness), to send with {@link #train}. */
    public static long nextTrainStep(CompiledState compiled) {
        return Check.notNull("compiled", compiled).nextTrainStep();
    }

    /**
     * Finishes a train step on the driver's model from its replicas' results, in replica order: the
     * gradients summed, one optimizer step, the held assignments merged, constraints, the loss tracker
     * and the metrics; counts the step. Returns the logs.
     */
    public static Map<String, Object> finishTrain(Model model, CompiledState compiled, List<Result> results, int globalSize) {
        checkResults(model, compiled, results);
        List<Variable> vars = model.trainableVariables();
        Map<String, Object> logs = Parallel.serially(() -> DefaultSteps.finishTrain(model, compiled,
                shards(model, vars, results), globalSize));
        compiled.countTrainStep();
        return logs;
    }

    /** Finishes a test step on the driver from its replicas' results: the loss tracker and the metrics. */
    public static Map<String, Object> finishTest(Model model, CompiledState compiled, List<Result> results, int globalSize) {
        checkResults(model, compiled, results);
        return Parallel.serially(() -> DefaultSteps.finishTest(model, compiled, shards(model, List.of(), results), globalSize));
    }

    /** The replicas' predict outputs joined along the batch axis, per model output, in replica order. */
    public static List<Tensor> finishPredict(List<Values[]> outputs) {
        Check.notNull("outputs", outputs);
        Check.argument(!outputs.isEmpty(), "outputs: expected at least one replica's outputs, got none");
        List<List<Tensor>> parts = new ArrayList<>(outputs.size());
        for (Values[] o : outputs) parts.add(Arrays.stream(o).map(Values::tensor).toList());
        return EvaluationLoops.concatOutputs(parts);
    }

    private static void checkResults(Model model, CompiledState compiled, List<Result> results) {
        Check.notNull("model", model);
        Check.notNull("compiled", compiled);
        Check.notNull("results", results);
        Check.argument(!results.isEmpty(), "results: expected at least one replica's result, got none");
    }

    private static List<DefaultSteps.Shard> shards(Model model, List<Variable> vars, List<Result> results) {
        List<Variable> weights = model.weights();
        List<DefaultSteps.Shard> out = new ArrayList<>(results.size());
        for (Result r : results) {
            List<Tensor> grads = new ArrayList<>(r.gradients().length);
            for (Values g : r.gradients()) grads.add(g == null ? null : g.tensor());
            if (grads.size() != vars.size()) throw new IllegalStateException("A replica returned " + grads.size()
                    + " gradients for a model with " + vars.size() + " trainable variables: the replica's model differs");
            Map<Variable, Tensor> assignments = new LinkedHashMap<>();
            for (Map.Entry<Integer, Values> e : r.assignments().entrySet())
                assignments.put(weights.get(e.getKey()), e.getValue().tensor());
            List<Tensor> perOutput = Arrays.stream(r.outputLosses()).map(Values::tensor).toList();
            List<Tensor> states = Arrays.stream(r.metricStates()).map(Values::tensor).toList();
            out.add(new DefaultSteps.Shard(r.size(), null, null, vars, grads,
                    new CompiledState.LossTerms(r.loss().tensor(), perOutput), assignments, states));
        }
        return out;
    }
}
