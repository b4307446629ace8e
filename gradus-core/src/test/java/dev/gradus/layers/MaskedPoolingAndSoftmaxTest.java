package dev.gradus.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.models.Model;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two mask consumers Keras has outside the sequence layers: Softmax(mask) and GlobalAveragePooling1D(mask). */
class MaskedPoolingAndSoftmaxTest {

    @Test
    void softmaxGivesMaskedEntriesNoWeight() {
        Tensor x = Tensor.of(new float[][] {{1, 2, 3}});
        Tensor mask = Tensor.of(new float[][] {{1, 1, 0}});
        float[] out = new Softmax().call(x, mask, false).toFloatArray();
        // softmax over [1, 2]: e/(e + e^2) = 0.26894142, then 0.73105858, and 0 where masked
        assertThat(out[0]).isCloseTo(0.26894142f, within(1e-6f));
        assertThat(out[1]).isCloseTo(0.73105858f, within(1e-6f));
        assertThat(out[2]).isEqualTo(0f);
        assertThat(new Softmax().call(x, null, false).toFloatArray()[2]).isCloseTo(0.66524096f, within(1e-6f));
        assertThat(new Softmax().supportsMasking()).isTrue();
    }

    @Test
    void globalAveragePooling1DAveragesTheValidStepsAndConsumesTheMask() {
        Tensor x = Tensor.of(new float[] {1, 10, 2, 20, 6, 60}, 1, 3, 2);
        Tensor mask = Tensor.of(new float[][] {{1, 1, 0}});
        GlobalAveragePooling1D pool = new GlobalAveragePooling1D();
        assertThat(pool.call(x, mask, false).toFloatArray()).containsExactly(1.5f, 15f);
        assertThat(pool.call(x, null, false).toFloatArray()).containsExactly(3f, 30f);
        assertThat(pool.computeMask(x, mask)).isNull();

        // Embedding(mask_zero) -> GlobalAveragePooling1D: padding (token 0) is left out of the mean
        Embedding embedding = new Embedding(4, 1).maskZero(true);
        KerasTensor in = Input.of(3);
        Model model = Model.of(in, pool.apply(embedding.apply(in)));
        embedding.weights().get(0).assign(Tensor.of(new float[] {100, 1, 2, 3}, 4, 1));
        Tensor tokens = Tensor.of(new float[][] {{1, 3, 0}, {2, 0, 0}});
        assertThat(model.predict(tokens).toFloatArray()).containsExactly(2f, 2f);
    }
}
