package dev.gradus.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Variable;
import dev.gradus.callbacks.History;
import dev.gradus.data.Batch;
import dev.gradus.distribution.DataParallel;
import dev.gradus.distribution.Distribution;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.layers.BatchNormalization;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Dropout;
import dev.gradus.layers.Input;
import dev.gradus.models.Model;
import dev.gradus.models.Models;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.Adam;
import dev.gradus.regularizers.L2;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A step cut at ShardSteps' seam, its replica halves run on copies of the model rebuilt from JSON (as a
 * cluster's executors do) and passed through Java serialisation, gives the bits of DataParallel.replicas(R).
 */
class ShardStepsTest {
    static final Tensor X = Tensor.randomUniform(Shape.of(90, 5), -1, 1, 4);
    static final Tensor Y = dev.gradus.ops.Ops.floor(Tensor.randomUniform(Shape.of(90), 0, 3, 5));

    static Sequential model() {
        Sequential m = new Sequential(List.of(Input.of(5),
                new Dense(12).activation("relu").kernelInitializer(new GlorotUniform().seed(1)).kernelRegularizer(new L2(1e-3)),
                new BatchNormalization(), new Dropout(0.25).seed(3),
                new Dense(3).activation("softmax").kernelInitializer(new GlorotUniform().seed(2))));
        m.compile(new Adam(0.01), "sparse_categorical_crossentropy", List.of("accuracy"));
        return m;
    }

    /** A distribution whose replicas are model copies in this JVM, reached only through serialised shards and results. */
    static final class Copies extends Distribution implements StepRunnerFactory {
        final int replicas;

        Copies(int replicas) {
            super(List.of("copy:0"));
            this.replicas = replicas;
        }

        @Override
        public StepRunner stepRunner(Model model, CompiledState compiled, StepRunner local) {
            return new StepRunner() {
                @Override
                public Map<String, Object> trainStep(Batch batch) {
                    List<Integer> offsets = new ArrayList<>();
                    List<Batch> shards = ShardSteps.split(batch, replicas, offsets);
                    long step = ShardSteps.nextTrainStep(compiled);
                    List<ShardSteps.Result> results = new ArrayList<>();
                    for (int r = 0; r < shards.size(); r++) {
                        Model copy = copyOf(model);
                        results.add(roundTrip(ShardSteps.train(copy, new CompiledState(copy, copy.compileOptions()), shards.get(r),
                                step, offsets.get(r), batch.size(), shards.size())));
                    }
                    return ShardSteps.finishTrain(model, compiled, results, batch.size());
                }

                @Override
                public Map<String, Object> testStep(Batch batch) {
                    List<Batch> shards = ShardSteps.split(batch, replicas, new ArrayList<>());
                    List<ShardSteps.Result> results = new ArrayList<>();
                    for (Batch shard : shards) {
                        Model copy = copyOf(model);
                        results.add(roundTrip(ShardSteps.test(copy, new CompiledState(copy, copy.compileOptions()), shard,
                                batch.size(), shards.size())));
                    }
                    return ShardSteps.finishTest(model, compiled, results, batch.size());
                }

                @Override
                public List<Tensor> predictStep(Batch batch) {
                    List<ShardSteps.Values[]> outputs = new ArrayList<>();
                    for (Batch shard : ShardSteps.split(batch, replicas, new ArrayList<>())) outputs.add(ShardSteps.predict(copyOf(model), shard));
                    return ShardSteps.finishPredict(outputs);
                }
            };
        }
    }

    static Model copyOf(Model model) {
        Model copy = Models.modelFromJson(model.toJson());
        List<Variable> from = model.weights(), to = copy.weights();
        for (int i = 0; i < from.size(); i++) to.get(i).assign(from.get(i).value());
        return copy;
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void replicaHalvesOnModelCopiesGiveTheBitsOfDataParallelReplicas() {
        for (int r : new int[] {1, 2, 3}) {
            Sequential local = model(), remote = model();
            FitOptions o = new FitOptions().epochs(2).batchSize(16).verbose(0).seed(7).validationSplit(0.2);
            History hl = local.fit(X, Y, o.distribution(DataParallel.replicas(r)));
            History hr = remote.fit(X, Y, new FitOptions().epochs(2).batchSize(16).verbose(0).seed(7).validationSplit(0.2)
                    .distribution(new Copies(r)));
            for (int i = 0; i < local.weights().size(); i++)
                assertThat(remote.weights().get(i).value().toFloatArray()).as("%d replicas, weight %d", r, i)
                        .isEqualTo(local.weights().get(i).value().toFloatArray());
            assertThat(hr.history()).isEqualTo(hl.history());
            assertThat(remote.predict(X, new PredictOptions().verbose(0).distribution(new Copies(r))).toFloatArray())
                    .isEqualTo(local.predict(X, new PredictOptions().verbose(0).distribution(DataParallel.replicas(r))).toFloatArray());
        }
    }

    @Test
    void argumentsAreChecked() {
        Batch batch = Batch.of(X, Y);
        assertThatThrownBy(() -> ShardSteps.split(null, 2, new ArrayList<>())).hasMessageContaining("batch");
        assertThatThrownBy(() -> ShardSteps.split(batch, 0, new ArrayList<>())).hasMessageContaining("replicas");
        Sequential m = model();
        CompiledState c = new CompiledState(m, m.compileOptions());
        assertThatThrownBy(() -> ShardSteps.train(m, c, batch, 0, 5, 90, 1))
                .hasMessage("offset: expected the shard's rows [5, 95) inside a global batch of 90 rows");
        assertThatThrownBy(() -> ShardSteps.finishTrain(m, c, List.of(), 90))
                .hasMessage("results: expected at least one replica's result, got none");
        assertThatThrownBy(() -> new ShardSteps.Values(new float[3], new int[] {2, 2}))
                .hasMessage("data: expected 4 values for shape (2, 2), got 3");
    }
}
