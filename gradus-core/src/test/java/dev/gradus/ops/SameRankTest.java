package dev.gradus.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Keras's squeeze_or_expand_to_same_rank, case by case. */
class SameRankTest {
    private static Shape[] align(int[] a, int[] b, boolean expandRank1) {
        Tensor[] r = Ops.squeezeOrExpandToSameRank(Tensor.zeros(a), Tensor.zeros(b), expandRank1);
        return new Shape[] {r[0].shape(), r[1].shape()};
    }

    @Test
    void squeezesATrailingOneOrExpandsRankOne() {
        assertThat(align(new int[] {4, 3, 1}, new int[] {4, 3}, true)).containsExactly(Shape.of(4, 3), Shape.of(4, 3));
        assertThat(align(new int[] {4, 1}, new int[] {4}, true)).containsExactly(Shape.of(4, 1), Shape.of(4, 1));
        assertThat(align(new int[] {4, 1}, new int[] {4}, false)).containsExactly(Shape.of(4), Shape.of(4));
        assertThat(align(new int[] {4}, new int[] {4, 1}, true)).containsExactly(Shape.of(4, 1), Shape.of(4, 1));
        assertThat(align(new int[] {2, 3}, new int[] {2, 3, 1}, true)).containsExactly(Shape.of(2, 3), Shape.of(2, 3));
    }

    @Test
    void leavesEverythingElseToBroadcasting() {
        assertThat(align(new int[] {4, 3}, new int[] {4}, true)).containsExactly(Shape.of(4, 3), Shape.of(4));
        assertThat(align(new int[] {4, 3, 2}, new int[] {4}, true)).containsExactly(Shape.of(4, 3, 2), Shape.of(4));
        assertThat(align(new int[] {}, new int[] {4}, true)).containsExactly(Shape.of(), Shape.of(4));
        assertThat(align(new int[] {2, 2}, new int[] {2, 2}, true)).containsExactly(Shape.of(2, 2), Shape.of(2, 2));
    }
}
