package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Variable;
import dev.gradus.metrics.Metric;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Keras's "CategoricalTruePositives" metric from the customizing-fit guide, written as a Keras user would. */
class MetricSubclassTest {

    static final class CategoricalTruePositives extends Metric {
        final Variable truePositives = addWeight("ctp", "zeros");
        final Variable seen = addWeight("seen", Shape.of(2), "ones");

        @Override
        public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
            Tensor hits = Ops.equal(Ops.argmax(yPred, -1), Ops.reshape(yTrue, -1));
            truePositives.assignAdd(Ops.sum(hits));
            seen.assignAdd(Tensor.of(new float[] {1, yTrue.dim(0)}, 2));
        }

        @Override
        public Tensor result() {
            return truePositives.value();
        }
    }

    @Test
    void aNoArgumentMetricGetsKerasDefaultNameAndItsWeights() {
        CategoricalTruePositives m = new CategoricalTruePositives();
        assertThat(m.name()).startsWith("categorical_true_positives");
        assertThat(m.seen.value().toFloatArray()).containsExactly(1, 1);
        m.updateState(Tensor.of(new float[] {0, 1, 1}), Tensor.of(new float[][] {{0.9f, 0.1f}, {0.2f, 0.8f}, {0.7f, 0.3f}}));
        assertThat(m.result().item()).isEqualTo(2f);
        assertThat(m.seen.value().toFloatArray()).containsExactly(2, 4);
        m.resetState(); // Keras's reset_state zeroes every state variable
        assertThat(m.result().item()).isZero();
        assertThat(m.variables()).extracting(Variable::name).containsExactly(m.name() + "/ctp", m.name() + "/seen");
    }

    @Test
    void anUnknownInitializerNamesIt() {
        assertThatThrownBy(() -> new Metric() {
            final Variable v = addWeight("v", "zeroes");

            @Override
            public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {}

            @Override
            public Tensor result() {
                return v.value();
            }
        }).hasMessageContaining("zeroes");
    }
}
