package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Variable;
import dev.gradus.models.Model;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import org.junit.jupiter.api.Test;

/** A subclassed model's own weights: addWeight with a named initializer trains; an untracked Variable field is refused. */
class SubclassedModelStateTest {

    /** y = a * x + b with its two weights made by addWeight, as Keras's add_weight in __init__. */
    static final class Line extends Model {
        final Variable a = addWeight("a", new int[] {1}, "zeros");
        final Variable b = addWeight("b", new int[] {1}, "ones");
        final Variable calls = addWeight("calls", new int[] {1}, "zeros", false);

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return inputs.mul(a.value()).add(b.value());
        }
    }

    static final class Untracked extends Model {
        final Variable w = new Variable(Tensor.zeros(1), "w");

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return inputs.mul(w.value());
        }
    }

    @Test
    void weightsMadeWithNamedInitializersTrain() {
        Line m = new Line();
        assertThat(m.b.value().item()).isEqualTo(1f);
        assertThat(m.trainableVariables()).containsExactly(m.a, m.b);
        assertThat(m.nonTrainableWeights()).containsExactly(m.calls);
        m.compile(new SGD(0.1), "mse");
        Tensor x = Tensor.of(new float[][] {{0}, {1}, {2}, {3}});
        m.fit(x, x.mul(2).add(1), new FitOptions().epochs(300).batchSize(4).verbose(0));
        assertThat(m.a.value().item()).isCloseTo(2f, within(1e-3f));
        assertThat(m.b.value().item()).isCloseTo(1f, within(1e-3f));
    }

    /** Keras's make-new-layers guide: weights created in build, which a user may call before the first call. */
    static final class Linear extends dev.gradus.layers.Layer {
        final int units;
        Variable w;
        Variable b;

        Linear(int units) {
            this.units = units;
        }

        @Override
        protected void build(int[] inputShape) {
            w = addWeight("w", new int[] {inputShape[inputShape.length - 1], units}, "ones");
            b = addWeight("b", new int[] {units}, "zeros");
        }

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return dev.gradus.ops.Ops.matmul(inputs, w.value()).add(b.value());
        }
    }

    @Test
    void aUserCallsBuildWithNullForUnknownDimensions() {
        Linear layer = new Linear(3);
        layer.build(null, 4);
        assertThat(layer.built()).isTrue();
        assertThat(layer.w.value().shape().dims()).containsExactly(4, 3);
        assertThat(layer.builtInputShapes().get(0)).containsExactly(dev.gradus.layers.Layer.NONE, 4);
        Variable w = layer.w;
        layer.build(null, 4);
        assertThat(layer.w).as("a built layer keeps its weights").isSameAs(w);
        assertThat(layer.weights()).hasSize(2);
        assertThat(layer.call(Tensor.ones(2, 4), false).toFloatArray()).containsOnly(4f);
        assertThatThrownBy(() -> new Linear(1).build(null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputShape")
                .hasMessageContaining("[null, 0]");
    }

    @Test
    void aVariableFieldTheModelDoesNotTrackIsRefusedAtCompile() {
        assertThatThrownBy(() -> new Untracked().compile(new SGD(0.1), "mse"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("field 'w' of Untracked")
                .hasMessageContaining("addWeight");
    }
}
