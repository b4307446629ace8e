package dev.gradus.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerTest {
    /** y = x * w (w of shape (features,)), with an L2 penalty 0.5 * sum(w^2) on w. */
    static final class Scale extends Layer {
        Variable w;
        boolean sawTraining;

        Scale() {
            inputRank(2);
        }

        @Override
        protected void build(int[] inputShape) {
            w = addWeight("w", new int[] {inputShape[1]}, s -> Tensor.full(2, s), x -> x.square().sum().mul(0.5), null, true);
        }

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            sawTraining = training;
            return inputs.mul(w.value());
        }
    }

    /** Calls two Scale layers; the second adds an activity loss. */
    static final class Block extends Layer {
        final Scale a = new Scale();
        final Scale b = new Scale();

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            Tensor h = a.apply(inputs);
            Tensor out = b.apply(h);
            addLoss(out.abs().sum());
            return out;
        }
    }

    @Test
    void buildsOnFirstCallFromTheInputShape() {
        Scale s = new Scale();
        assertThat(s.built()).isFalse();
        Tensor y = s.apply(Tensor.of(new float[][] {{1, 2, 3}}));
        assertThat(s.built()).isTrue();
        assertThat(s.w.shape().dims()).containsExactly(3);
        assertThat(y.toFloatArray()).isEqualTo(new float[] {2, 4, 6});
        assertThat(s.weights()).hasSize(1);
        assertThat(s.countParams()).isEqualTo(3);
    }

    @Test
    void uniqueSnakeCaseNames() {
        String first = new Scale().name();
        String second = new Scale().name();
        assertThat(first).startsWith("scale");
        assertThat(second).isNotEqualTo(first).startsWith("scale_");
        assertThat(new Scale().name("custom").name()).isEqualTo("custom");
    }

    @Test
    void sublayersCalledInCallAreTrackedAndLossesDoNotAccumulate() {
        Block block = new Block();
        Tensor x = Tensor.of(new float[][] {{1, -1}});
        block.apply(x, true);
        assertThat(block.a.sawTraining).isTrue();
        assertThat(block.weights()).hasSize(2);
        // activity loss |x*2*2| summed = 8, then two weight penalties 0.5 * (4 + 4) = 4 each
        List<Tensor> losses = block.losses();
        assertThat(losses).hasSize(3);
        assertThat(losses.get(0).item()).isEqualTo(8f);
        assertThat(losses.get(1).item()).isEqualTo(4f);
        block.apply(x);
        block.apply(x);
        assertThat(block.losses()).hasSize(3);
        assertThat(block.a.sawTraining).isFalse();
    }

    @Test
    void regularizationLossesAreDifferentiable() {
        Block block = new Block();
        block.apply(Tensor.of(new float[][] {{1, 1}}));
        try (GradientTape tape = new GradientTape()) {
            Tensor total = Ops.add(block.losses().get(1), block.losses().get(2));
            Tensor g = tape.gradient(total, block.a.w);
            assertThat(g.toFloatArray()).isEqualTo(new float[] {2, 2});
        }
    }

    @Test
    void frozenLayerHasNoTrainableWeights() {
        Block block = new Block();
        block.apply(Tensor.of(new float[][] {{1, 1}}));
        block.trainable(false);
        assertThat(block.trainableWeights()).isEmpty();
        assertThat(block.nonTrainableWeights()).hasSize(2);
        assertThat(block.a.trainable()).isFalse();
    }

    @Test
    void trainableWeightsFollowEveryChangeAfterTheyWereAskedFor() {
        // the list is kept between changes: each kind of change must show in the next answer
        Block block = new Block();
        block.apply(Tensor.of(new float[][] {{1, 1}}));
        assertThat(block.trainableWeights()).containsExactly(block.a.w, block.b.w);
        block.b.trainable(false); // a sublayer frozen on its own
        assertThat(block.trainableWeights()).containsExactly(block.a.w);
        block.b.trainable(true);
        assertThat(block.trainableWeights()).containsExactly(block.a.w, block.b.w);
        Scale extra = new Scale();
        extra.buildFor(Layer.NONE, 2);
        block.track(extra); // a sublayer added
        assertThat(block.trainableWeights()).containsExactly(block.a.w, block.b.w, extra.w);
        block.untrack(block.a); // and one removed
        assertThat(block.trainableWeights()).containsExactly(block.b.w, extra.w);
        Scale late = new Scale();
        block.track(late);
        assertThat(block.trainableWeights()).containsExactly(block.b.w, extra.w);
        late.buildFor(Layer.NONE, 3); // a tracked sublayer's weight created later
        assertThat(block.trainableWeights()).containsExactly(block.b.w, extra.w, late.w);
        // each answer is the caller's own list
        block.trainableWeights().clear();
        assertThat(block.trainableWeights()).hasSize(3);
    }

    @Test
    void setWeightsChecksCountAndShape() {
        Scale s = new Scale();
        s.buildFor(Layer.NONE, 2);
        s.setWeights(List.of(Tensor.of(new float[] {5, 6})));
        assertThat(s.getWeights().get(0).toFloatArray()).isEqualTo(new float[] {5, 6});
        assertThatThrownBy(() -> s.setWeights(List.of())).hasMessageContaining("expects 1 weights, got 0");
        assertThatThrownBy(() -> s.setWeights(List.of(Tensor.zeros(3))))
                .hasMessageContaining("has shape (2,), got a value of shape (3,)");
    }

    @Test
    void wrongInputRankFailsClearly() {
        Scale s = new Scale();
        assertThatThrownBy(() -> s.apply(Tensor.zeros(2, 3, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected ndim=2, found ndim=3")
                .hasMessageContaining("(2, 3, 4)");
    }

    @Test
    void symbolicCallsComputeShapesByTracing() {
        KerasTensor in = Input.of(3);
        KerasTensor out = new Scale().apply(in);
        assertThat(out.shape()).containsExactly(Layer.NONE, 3);
        assertThat(Layer.formatShape(out.shape())).isEqualTo("(None, 3)");
        assertThat(out.inputs()).containsExactly(in);
        assertThat(in.layer()).isInstanceOf(InputLayer.class);
    }

    @Test
    void inputLayerConfigRoundTrip() {
        InputLayer layer = (InputLayer) Input.of("pixels", 28, 28).layer();
        assertThat(layer.getConfig()).containsEntry("name", "pixels");
        Layer back = Layers.deserialize(Layers.serialize(layer));
        assertThat(back.configEquals(layer)).isTrue();
        assertThat(((InputLayer) back).batchShape()).containsExactly(Layer.NONE, 28, 28);
    }
}
