package dev.gradus.util;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.initializers.GlorotUniform;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SeedsTest {
    @AfterEach
    void clear() {
        Seeds.clearRandomSeed();
    }

    @Test
    void aGlobalSeedMakesUnseededInitializersRepeat() {
        Seeds.setRandomSeed(7);
        Tensor a1 = new GlorotUniform().apply(Shape.of(4, 3));
        Tensor a2 = new GlorotUniform().apply(Shape.of(4, 3));
        Seeds.setRandomSeed(7);
        Tensor b1 = new GlorotUniform().apply(Shape.of(4, 3));
        Tensor b2 = new GlorotUniform().apply(Shape.of(4, 3));
        assertThat(b1).isEqualTo(a1);
        assertThat(b2).isEqualTo(a2);
        assertThat(a2).isNotEqualTo(a1); // successive objects get successive seeds
    }

    @Test
    void withoutAGlobalSeedDrawsDiffer() {
        assertThat(Seeds.draw()).isNotEqualTo(Seeds.draw());
    }
}
