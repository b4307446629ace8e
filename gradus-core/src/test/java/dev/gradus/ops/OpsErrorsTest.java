package dev.gradus.ops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Bad shapes, axes and arguments fail with the op, the argument and the shapes in the message. */
class OpsErrorsTest {
    final Tensor m23 = Tensor.zeros(2, 3), m32 = Tensor.zeros(3, 2), v4 = Tensor.zeros(4);

    @Test
    void broadcastMismatchNamesTheOpAndBothShapes() {
        assertThatThrownBy(() -> Ops.add(m23, m32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("add: shapes (2, 3) and (3, 2) cannot be broadcast together");
        assertThatThrownBy(() -> Ops.mul(m23, v4)).hasMessageContaining("mul: shapes (2, 3) and (4,)");
        assertThatThrownBy(() -> Ops.where(Tensor.zeros(2), m23, m23)).hasMessageContaining("where: shapes (2,) and (2, 3)");
    }

    @Test
    void matmulNamesTheInnerDimensions() {
        assertThatThrownBy(() -> Ops.matmul(m23, m23))
                .hasMessage("matmul: inner dimensions differ: shapes (2, 3) and (2, 3) (3 != 2)");
        assertThatThrownBy(() -> Ops.matmul(Tensor.scalar(1), m23)).hasMessageContaining("rank >= 1, got shapes () and (2, 3)");
        assertThatThrownBy(() -> Ops.matmul(Tensor.zeros(2, 2, 3), Tensor.zeros(3, 3, 1)))
                .hasMessageContaining("matmul: shapes (2,) and (3,) cannot be broadcast");
        assertThatThrownBy(() -> Ops.dot(Tensor.zeros(2, 2, 2), m23)).hasMessageContaining("dot: supports ranks 0 to 2");
    }

    @Test
    void badAxesNameTheRange() {
        assertThatThrownBy(() -> Ops.sum(m23, 2)).hasMessage("sum: axis: expected an axis in [-2, 2) for rank 2, got 2");
        assertThatThrownBy(() -> Ops.mean(m23, new int[] {0, -2}, false)).hasMessageContaining("mean: axis -2 is repeated");
        assertThatThrownBy(() -> Ops.max(Tensor.zeros(0, 2), 0)).hasMessageContaining("max: cannot reduce axis 0 of size 0 in shape (0, 2)");
        assertThatThrownBy(() -> Ops.transpose(m23, 0, 0)).hasMessageContaining("transpose: axes [0, 0] repeat axis 0");
        assertThatThrownBy(() -> Ops.transpose(m23, 0)).hasMessageContaining("do not match rank 2 of shape (2, 3)");
        assertThatThrownBy(() -> Ops.expandDims(m23, 4)).hasMessageContaining("expandDims: axis: expected an axis in [-3, 3)");
        assertThatThrownBy(() -> Ops.squeeze(m23, 0)).hasMessage("squeeze: axis 0 has size 2, expected 1, in shape (2, 3)");
    }

    @Test
    void badShapesAndArguments() {
        assertThatThrownBy(() -> Ops.reshape(m23, 4, -1)).hasMessage("reshape: cannot reshape shape (2, 3) (6 elements) to (4, -1)");
        assertThatThrownBy(() -> Ops.reshape(m23, 5)).hasMessageContaining("to (5,) (5 elements)");
        assertThatThrownBy(() -> Ops.reshape(m23, -1, -1)).hasMessageContaining("only one dimension can be -1");
        assertThatThrownBy(() -> Ops.broadcastTo(m23, 3, 3)).hasMessage("broadcastTo: shape (2, 3) cannot be broadcast to (3, 3)");
        assertThatThrownBy(() -> Ops.clip(m23, 1, 0)).hasMessage("clip: expected min <= max, got min=1.0, max=0.0");
        assertThatThrownBy(() -> Ops.add(null, m23)).hasMessage("add: a must not be null");
        assertThatThrownBy(() -> Ops.exp(null)).hasMessage("exp: x must not be null");
    }
}
