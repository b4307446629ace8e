package dev.gradus.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.data.Batch;
import dev.gradus.initializers.Constant;
import dev.gradus.layers.Dense;
import dev.gradus.models.Model;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every step path writes the optimizer's update into the weights' own storage once nobody else holds it. */
class InPlaceUpdatesTest {

    /** A custom train step (its own tape and applyGradients) that records the storage its forward pass reads. */
    static final class Custom extends Model {
        final Dense dense = new Dense(1).useBias(false).kernelInitializer(new Constant(1.0));
        final List<float[]> storages = new ArrayList<>();

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return dense.apply(inputs);
        }

        @Override
        public Map<String, Object> trainStep(Batch data) {
            try (GradientTape tape = new GradientTape()) {
                Tensor loss = computeLoss(data, List.of(apply(data.x(), true)));
                List<Variable> vars = trainableVariables();
                storages.add(vars.get(0).value().unsafeBuffer());
                optimizer().applyGradients(tape.gradient(loss, vars), vars);
                trackLoss(loss, data.size());
            }
            return metricsResult();
        }
    }

    @Test
    void aCustomTrainStepUpdatesInPlace() {
        Custom m = new Custom();
        m.compile(new SGD(0.1), "mse");
        Tensor x = Tensor.of(new float[][] {{1}, {2}});
        for (int i = 0; i < 4; i++) m.trainOnBatch(x, x.mul(3));
        // step 1 copies the initial value (the initializer's tensor was handed out); later steps write in place
        assertThat(m.storages.get(2)).isSameAs(m.storages.get(1));
        assertThat(m.storages.get(3)).isSameAs(m.storages.get(1));
        // the numbers are SGD's: w <- w - 0.1 * d/dw mean((w x - 3 x)^2) = w - 0.1 * 5 (w - 3)
        float w = 1;
        for (int i = 0; i < 4; i++) w = w - 0.1f * 5 * (w - 3);
        assertThat(m.dense.kernel().value().item()).isCloseTo(w, org.assertj.core.api.Assertions.within(1e-5f));
    }

    @Test
    void minimizeUpdatesInPlaceAndATensorReadBeforeKeepsItsValues() {
        Variable v = new Variable(Tensor.of(new float[] {4f}, 1), "v");
        SGD sgd = new SGD(0.25);
        List<float[]> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) sgd.minimize(() -> {
            Tensor value = v.value();
            seen.add(value.unsafeBuffer());
            return value.mul(value).mul(0.5); // d/dv = v
        }, v);
        assertThat(seen.get(2)).isSameAs(seen.get(1));
        Tensor before = v.value(); // handed out: the next update must copy, not overwrite it
        sgd.minimize(() -> v.value().mul(v.value()).mul(0.5), v);
        assertThat(before.item()).isEqualTo(4f * 0.75f * 0.75f * 0.75f);
        assertThat(v.value().item()).isEqualTo(4f * 0.75f * 0.75f * 0.75f * 0.75f);
    }

    @Test
    void aPersistentTapeStillOpenKeepsTheValuesItRecorded() {
        Variable v = new Variable(Tensor.of(new float[] {2f}, 1), "v");
        SGD sgd = new SGD(0.5);
        sgd.minimize(() -> v.value().mul(v.value()), v); // v is now unshared: 2 - 0.5 * 4 = 0
        // one step around the whole tape: v is unshared when it starts
        List<List<Tensor>> grads = InPlaceUpdates.step(List.of(v), () -> {
            try (GradientTape tape = GradientTape.persistent()) {
                Tensor loss = v.value().mul(v.value()).add(v.value().mul(3));
                List<Tensor> first = tape.gradient(loss, List.of(v));
                sgd.applyGradients(first, List.of(v));
                // recorded at v = 0: 2 v + 3 = 3, whatever v is now
                return List.of(first, tape.gradient(loss, List.of(v)));
            }
        });
        List<Tensor> first = grads.get(0), second = grads.get(1);
        assertThat(first.get(0).item()).isEqualTo(3f);
        assertThat(second.get(0).item()).isEqualTo(3f);
        assertThat(v.value().item()).isEqualTo(-1.5f);
    }
}
