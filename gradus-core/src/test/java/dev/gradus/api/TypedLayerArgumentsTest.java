package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.layers.Conv2D;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Layer;
import dev.gradus.layers.Layers;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layer arguments Keras takes as "a name, a config or a callable": names, maps and lambdas, no casts, no Object. */
class TypedLayerArgumentsTest {

    @Test
    void lambdasForActivationInitializerRegularizerAndConstraint() {
        Dense d = new Dense(2)
                .activation(x -> Ops.mul(x, 2))
                .kernelInitializer(shape -> Tensor.ones(shape))
                .biasInitializer("zeros")
                .kernelRegularizer(w -> Ops.sum(Ops.abs(w)))
                .kernelConstraint(w -> Ops.clip(w, 0, 0.5));
        d.buildFor(-1, 3);
        Tensor y = d.apply(Tensor.of(new float[][] {{1, 2, 3}}));
        assertThat(y.toFloatArray()).containsExactly(12, 12); // 2 * (1 + 2 + 3)
        assertThat(d.losses()).hasSize(1);
        assertThat(d.losses().get(0).item()).isEqualTo(6f); // |ones(3, 2)|
        d.applyConstraints();
        assertThat(d.kernel().value().toFloatArray()).containsOnly(0.5f);
    }

    @Test
    void configMapsAndNames() {
        Conv2D c = new Conv2D(4, 3, 3).activation("relu")
                .kernelInitializer(Map.of("class_name", "GlorotNormal", "config", Map.of("seed", 3)))
                .biasRegularizer(Map.of("class_name", "L2", "config", Map.of("l2", 0.1)));
        assertThat(c.getConfig().get("activation")).isEqualTo("relu");
        Layer back = Layers.deserialize(Layers.serialize(c));
        assertThat(back.configEquals(c)).isTrue();
        assertThatThrownBy(() -> new Dense(1).activation("relux")).hasMessageContaining("relux");
    }

    @Test
    void noSetterTakesABareObject() {
        for (Class<?> c : new Class<?>[] {Dense.class, Conv2D.class, dev.gradus.layers.LSTM.class,
                dev.gradus.layers.BatchNormalization.class, dev.gradus.layers.Embedding.class}) {
            for (java.lang.reflect.Method m : c.getMethods()) {
                if (m.getParameterCount() == 1 && m.getParameterTypes()[0] == Object.class && !m.getName().equals("equals"))
                    throw new AssertionError(c.getSimpleName() + "." + m.getName() + "(Object) is public");
            }
        }
    }
}
