package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.losses.BinaryCrossentropy;
import dev.gradus.losses.FluentLoss;
import dev.gradus.losses.Huber;
import dev.gradus.losses.MeanSquaredError;
import dev.gradus.losses.SparseCategoricalCrossentropy;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Loss setters return the loss's own type: no casts where a Keras user chains arguments. */
class SelfTypedLossesTest {

    /** A user's loss written as in Keras's tutorials, through the values hook. */
    static final class Scaled extends FluentLoss<Scaled> {
        @Override
        protected Tensor values(Tensor yTrue, Tensor yPred) {
            return dev.gradus.ops.Ops.mean(dev.gradus.ops.Ops.square(yTrue.sub(yPred)).mul(2), new int[] {-1}, false);
        }
    }

    @Test
    void settersChainWithoutCasts() {
        BinaryCrossentropy b = new BinaryCrossentropy().reduction("sum").name("bce").fromLogits(true);
        Huber h = new Huber().name("h").reduction("none");
        MeanSquaredError m = new MeanSquaredError().reduction("sum_over_batch_size");
        SparseCategoricalCrossentropy s = new SparseCategoricalCrossentropy().name("scce");
        Scaled mine = new Scaled().reduction("sum").name("scaled");
        assertThat(b.name()).isEqualTo("bce");
        assertThat(b.reduction()).isEqualTo("sum");
        assertThat(b.fromLogits()).isTrue();
        assertThat(h.reduction()).isEqualTo("none");
        assertThat(m.reduction()).isEqualTo("sum_over_batch_size");
        assertThat(s.name()).isEqualTo("scce");
        Tensor y = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        // sum over the batch of mean(2 (y - 0)^2): (2 * 2.5) + (2 * 12.5)
        assertThat(mine.call(y, Tensor.zeros(2, 2)).item()).isEqualTo(30f);
        assertThat(mine.name()).isEqualTo("scaled");
    }
}
