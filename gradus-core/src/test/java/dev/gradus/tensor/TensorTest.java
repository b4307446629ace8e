package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void ofReadsNestedArraysListsAndNumbers() {
        Tensor a = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(a.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(a.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Tensor.of(new double[] {0.5, 1.5}).toFloatArray()).containsExactly(0.5f, 1.5f);
        assertThat(Tensor.of(new int[][] {{1}, {2}}).shape()).isEqualTo(Shape.of(2, 1));
        assertThat(Tensor.of(new long[] {7L}).item()).isEqualTo(7f);
        assertThat(Tensor.of(List.of(List.of(1, 2.5), List.of(3L, 4))).toFloatArray()).containsExactly(1, 2.5f, 3, 4);
        assertThat(Tensor.of(new Object[] {new int[] {1, 2}, List.of(3, 4)}).shape()).isEqualTo(Shape.of(2, 2));
        Tensor s = Tensor.of(3.25);
        assertThat(s.rank()).isZero();
        assertThat(s.item()).isEqualTo(3.25f);
        assertThat(Tensor.of(List.of()).shape()).isEqualTo(Shape.of(0));
        assertThat(Tensor.of(new float[2][0]).shape()).isEqualTo(Shape.of(2, 0));
    }

    @Test
    void raggedAndNonNumericInputNameWhereItWentWrong() {
        assertThatThrownBy(() -> Tensor.of(List.of(List.of(1, 2), List.of(3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ragged").hasMessageContaining("[1]").hasMessageContaining("expected length 2, got 1");
        assertThatThrownBy(() -> Tensor.of(List.of(List.of(1, "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-numeric").hasMessageContaining("[0][1]").hasMessageContaining("String x");
        assertThatThrownBy(() -> Tensor.of(List.of(1, List.of(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1]");
        assertThatThrownBy(() -> Tensor.of((Object) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tensor.of(new float[] {1, 2, 3}, 2, 2))
                .hasMessageContaining("3 values cannot have shape (2, 2)");
    }

    @Test
    void factories() {
        assertThat(Tensor.zeros(2, 2).toFloatArray()).containsExactly(0, 0, 0, 0);
        assertThat(Tensor.ones(3).toFloatArray()).containsExactly(1, 1, 1);
        assertThat(Tensor.full(2.5, 1, 2).toFloatArray()).containsExactly(2.5f, 2.5f);
        assertThat(Tensor.arange(4).toFloatArray()).containsExactly(0, 1, 2, 3);
        assertThat(Tensor.arange(1, 2, 0.25).toFloatArray()).containsExactly(1, 1.25f, 1.5f, 1.75f);
        assertThat(Tensor.arange(3, 0, -1).toFloatArray()).containsExactly(3, 2, 1);
        assertThat(Tensor.linspace(0, 1, 5).toFloatArray()).containsExactly(0, 0.25f, 0.5f, 0.75f, 1);
        assertThat(Tensor.eye(2).toFloatArray()).containsExactly(1, 0, 0, 1);
        assertThat(Tensor.eye(2, 3).toFloatArray()).containsExactly(1, 0, 0, 0, 1, 0);
        assertThatThrownBy(() -> Tensor.arange(0, 1, 0)).hasMessageContaining("step");
        assertThatThrownBy(() -> Tensor.zeros(2, -1)).hasMessageContaining("dimension 1 must be >= 0, got -1");
    }

    @Test
    void seededRandomnessRepeatsAndHasTheRightMoments() {
        assertThat(Tensor.randomNormal(42, 1000)).isEqualTo(Tensor.randomNormal(42, 1000));
        assertThat(Tensor.randomNormal(42, 1000)).isNotEqualTo(Tensor.randomNormal(43, 1000));
        float[] n = Tensor.randomNormal(Shape.of(100_000), 2.0, 3.0, 7).toFloatArray();
        double mean = 0, sq = 0;
        for (float v : n) mean += v;
        mean /= n.length;
        for (float v : n) sq += (v - mean) * (v - mean);
        assertThat(mean).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(Math.sqrt(sq / n.length)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.05));
        float[] u = Tensor.randomUniform(Shape.of(10_000), -1, 1, 7).toFloatArray();
        for (float v : u) assertThat(v).isBetween(-1f, 1f);
    }

    @Test
    void readingElements() {
        Tensor t = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(t.get(1, 2)).isEqualTo(6f);
        assertThat(t.get(-1, 0)).isEqualTo(4f);
        assertThat(t.dim(-1)).isEqualTo(3);
        assertThat(t.size()).isEqualTo(6);
        assertThatThrownBy(() -> t.get(2, 0)).hasMessageContaining("index 2 is out of range for dimension 0 of shape (2, 3)");
        assertThatThrownBy(() -> t.get(1)).hasMessageContaining("expected 2 indices for shape (2, 3), got 1");
        assertThatThrownBy(t::item).hasMessageContaining("expected a tensor with one element, got shape (2, 3)");
    }

    @Test
    void valueEqualityAndCloseness() {
        Tensor a = Tensor.of(new float[] {1, 2});
        assertThat(a).isEqualTo(Tensor.of(List.of(1, 2))).hasSameHashCodeAs(Tensor.of(List.of(1, 2)));
        assertThat(a).isNotEqualTo(Tensor.of(new float[][] {{1, 2}}));
        assertThat(a.allClose(Tensor.of(new float[] {1.00001f, 2}), 1e-4, 0)).isTrue();
        assertThat(a.allClose(Tensor.of(new float[] {1.1f, 2}), 1e-4, 1e-3)).isFalse();
        assertThat(a.allClose(Tensor.of(new float[][] {{1, 2}}), 1, 1)).isFalse();
        assertThat(Tensor.of(Float.NaN).allClose(Tensor.of(Float.NaN), 1, 1)).isFalse();
    }

    @Test
    void printsLikeNumpy() {
        assertThat(Tensor.of(new float[][] {{1, 2}, {3, 4}})).hasToString("[[1. 2.]\n [3. 4.]]");
        assertThat(Tensor.of(new float[] {0.5f, -1.25f})).hasToString("[  0.5 -1.25]");
        assertThat(Tensor.of(2.0)).hasToString("2.");
        assertThat(Tensor.of(new float[] {Float.NaN, 1})).hasToString("[nan  1.]");
        assertThat(Tensor.zeros(2, 2, 2)).hasToString("[[[0. 0.]\n  [0. 0.]]\n\n [[0. 0.]\n  [0. 0.]]]");
        assertThat(Tensor.arange(2000)).hasToString("[   0.    1.    2. ... 1997. 1998. 1999.]");
        String big = Tensor.zeros(100, 100).toString();
        assertThat(big).startsWith("[[0. 0. 0. ... 0. 0. 0.]\n [0. 0. 0. ... 0. 0. 0.]\n [0. 0. 0. ... 0. 0. 0.]\n ...\n [0. 0. 0. ... 0. 0. 0.]");
        assertThat(big.split("\n")).hasSize(7);
        String cube = Tensor.arange(2000).reshape(10, 10, 20).toString();
        assertThat(cube).contains("  [ 180.  181.  182. ...  197.  198.  199.]]\n\n [[ 200.").contains("]]\n\n ...\n\n [[1400.")
                .endsWith("[1980. 1981. 1982. ... 1997. 1998. 1999.]]]");
    }
}
