package dev.gradus.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.data.Batch;
import dev.gradus.data.BatchRows;
import dev.gradus.distribution.Distribution;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.models.Model;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.SGD;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Array data records where each batch's rows come from ({@link BatchRows}) for a runner that reads them, which
 * every runner does unless it says otherwise, and not for one that says it does not (the local runners).
 */
class BatchRowsRecordTest {
    static final Tensor X = Tensor.randomUniform(Shape.of(10, 3), -1, 1, 4);
    static final Tensor Y = Tensor.randomUniform(Shape.of(10, 1), -1, 1, 5);

    /** A distribution whose runner runs each step locally and notes the origin it finds for the batch. */
    static final class Recording extends Distribution implements StepRunnerFactory {
        final Boolean reads; // null: the interface's default
        final List<BatchRows.Origin> origins = new ArrayList<>();
        final List<Batch> batches = new ArrayList<>();

        Recording(Boolean reads) {
            super(List.of("cpu:0"));
            this.reads = reads;
        }

        @Override
        public StepRunner stepRunner(Model model, CompiledState compiled, StepRunner local) {
            if (reads == null) return new Noting(local);
            return new Noting(local) {
                @Override
                public boolean readsBatchRows() {
                    return reads;
                }
            };
        }

        class Noting implements StepRunner {
            final StepRunner local;

            Noting(StepRunner local) {
                this.local = local;
            }

            private void note(Batch batch) {
                origins.add(BatchRows.of(batch));
                batches.add(batch);
            }

            @Override
            public Map<String, Object> trainStep(Batch batch) {
                note(batch);
                return local.trainStep(batch);
            }

            @Override
            public Map<String, Object> testStep(Batch batch) {
                note(batch);
                return local.testStep(batch);
            }

            @Override
            public List<Tensor> predictStep(Batch batch) {
                note(batch);
                return local.predictStep(batch);
            }
        }
    }

    static Sequential model() {
        Sequential m = new Sequential(List.of(Input.of(3), new Dense(2)));
        m.compile(new CompileOptions().optimizer(new SGD(0.1)).loss("mean_squared_error"));
        return m;
    }

    @Test
    void aRunnerThatDoesNotSayGetsEachBatchsRows() {
        Recording d = new Recording(null);
        Sequential m = model();
        m.fit(X, Y, new FitOptions().batchSize(4).epochs(1).shuffle(true).seed(7).verbose(0).distribution(d));
        m.evaluate(X, Y, new EvaluateOptions().batchSize(4).verbose(0).distribution(d));
        m.predict(X, new PredictOptions().batchSize(4).verbose(0).distribution(d));
        assertThat(d.batches).hasSize(9); // three steps of each
        float[] x = X.toFloatArray();
        for (int s = 0; s < d.batches.size(); s++) {
            BatchRows.Origin o = d.origins.get(s);
            assertThat(o).as("step %d's origin", s).isNotNull();
            assertThat(o.inputs().get(0)).isSameAs(X);
            // row i of the batch is row o.rows()[i] of X
            float[] got = d.batches.get(s).x().toFloatArray();
            for (int i = 0; i < o.rows().length; i++)
                assertThat(Arrays.copyOfRange(got, 3 * i, 3 * i + 3))
                        .containsExactly(Arrays.copyOfRange(x, 3 * o.rows()[i], 3 * o.rows()[i] + 3));
        }
        // the shuffled fit's rows are a permutation of 0..9, the unshuffled predict's are in order
        int[] fitRows = new int[0], predictRows = new int[0];
        for (int s = 0; s < 3; s++) fitRows = concat(fitRows, d.origins.get(s).rows());
        for (int s = 6; s < 9; s++) predictRows = concat(predictRows, d.origins.get(s).rows());
        assertThat(fitRows).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9).isNotEqualTo(predictRows);
        assertThat(predictRows).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void aRunnerThatReadsNoRowsGetsNoRecords() {
        Recording d = new Recording(false);
        Sequential m = model();
        m.fit(X, Y, new FitOptions().batchSize(4).epochs(1).shuffle(true).seed(7).verbose(0).distribution(d));
        Tensor p = m.predict(X, new PredictOptions().batchSize(4).verbose(0).distribution(d));
        assertThat(d.origins).hasSize(6).containsOnlyNulls();
        // and the steps are the same steps: the predictions are the model's
        assertThat(p.toFloatArray()).containsExactly(m.predict(X, new PredictOptions().verbose(0)).toFloatArray());
        assertThat(Ops.sum(p).item()).isNotZero();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
