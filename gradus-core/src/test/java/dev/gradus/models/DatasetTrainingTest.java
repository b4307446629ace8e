package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.callbacks.History;
import dev.gradus.data.Dataset;
import dev.gradus.initializers.Constant;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import dev.gradus.training.PredictOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetTrainingTest {
    static Sequential linear() {
        Sequential m = new Sequential(List.of(Input.of(1), new Dense(1).kernelInitializer(new Constant(0.5))));
        m.compile(new SGD(0.1), "mse", List.of("mae"));
        return m;
    }

    @Test
    void fitOnADatasetMatchesFitOnTheSameBatches() {
        Tensor x = TrainingTest.ramp(12);
        Tensor y = x.mul(2).add(1);
        Sequential onArrays = linear();
        History a = onArrays.fit(x, y, new FitOptions().epochs(4).batchSize(5).shuffle(false).verbose(0));
        Sequential onDataset = linear();
        History d = onDataset.fit(Dataset.fromTensors(x, y).batch(5), new FitOptions().epochs(4).verbose(0)
                .validationData(Dataset.fromTensors(x, y).batch(4)));
        assertThat(d.get("loss")).isEqualTo(a.get("loss"));
        assertThat(d.history().keySet()).containsExactly("loss", "mae", "val_loss", "val_mae");
        assertThat(onDataset.getWeights().get(0).toFloatArray()).isEqualTo(onArrays.getWeights().get(0).toFloatArray());
        Map<String, Double> ev = onDataset.evaluate(Dataset.fromTensors(x, y).batch(4), new EvaluateOptions().verbose(0));
        assertThat(ev.get("loss")).isCloseTo(d.get("val_loss").get(3), within(1e-6));
        Tensor p = onDataset.predict(Dataset.fromTensors(x).batch(5), new PredictOptions().verbose(0));
        assertThat(p.toFloatArray()).isEqualTo(onDataset.predict(x, new PredictOptions().verbose(0)).toFloatArray());
    }

    @Test
    void classWeightsApplyToDatasetBatches() {
        Sequential m = TrainingTest.identity(null);
        Tensor y = Tensor.of(new float[][] {{0}, {1}, {1}, {0}});
        History h = m.fit(Dataset.fromTensors(TrainingTest.X, y).batch(4),
                new FitOptions().verbose(0).classWeight(Map.of(0, 2.0, 1, 0.5)));
        assertThat(h.get("loss").get(0)).isCloseTo((2 * 1 + 0.5 * 1 + 0.5 * 4 + 2 * 16) / 4.0, within(1e-5));
    }

    @Test
    void datasetMisuse() {
        Sequential m = linear();
        Dataset data = Dataset.fromTensors(TrainingTest.X, TrainingTest.ZEROS).batch(2);
        assertThatThrownBy(() -> m.fit(data, new FitOptions().verbose(0).validationSplit(0.5)))
                .hasMessageContaining("`validation_split` is only supported for tensors and arrays");
        assertThatThrownBy(() -> m.fit(Dataset.fromTensors(Tensor.of(new float[] {1, 2}, 2), Tensor.of(new float[] {1, 2}, 2)),
                new FitOptions().verbose(0))).hasMessageContaining("call batch(n)");
    }
}
