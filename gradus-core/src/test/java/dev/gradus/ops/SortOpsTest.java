package dev.gradus.ops;

import static dev.gradus.testing.GradCheck.check;
import static dev.gradus.testing.GradCheck.checkSecondOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** sort, argsort and topK: forward values worked out by hand, gradients, error messages. */
class SortOpsTest {
    static final float NAN = Float.NaN;

    static Tensor t(Object nested) {
        return Tensor.of(nested);
    }

    /** Distinct values at least 0.25 apart in random order, so that finite differences never reorder them. */
    static Tensor distinct(long seed, int... shape) {
        Tensor base = Tensor.zeros(shape);
        float[] v = new float[base.size()];
        for (int i = 0; i < v.length; i++) v[i] = 0.25f * i - v.length / 8f;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = v.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float s = v[i];
            v[i] = v[j];
            v[j] = s;
        }
        return Tensor.of(v, shape);
    }

    static void grads(Function<Tensor, Tensor> f, Tensor x) {
        check(xs -> f.apply(xs[0]), x);
        checkSecondOrder(xs -> Ops.square(f.apply(xs[0])), x);
    }

    @Test
    void sortIsAscendingWithNanLast() {
        assertThat(SortOps.sort(t(new float[] {3, 1, NAN, 2, Float.NEGATIVE_INFINITY}), 0))
                .isEqualTo(t(new float[] {Float.NEGATIVE_INFINITY, 1, 2, 3, NAN}));
        Tensor x = t(new float[][] {{3, 1, 2}, {1, 2, 0}});
        assertThat(SortOps.sort(x, 0)).isEqualTo(t(new float[][] {{1, 1, 0}, {3, 2, 2}}));
        assertThat(SortOps.sort(x, -1)).isEqualTo(t(new float[][] {{1, 2, 3}, {0, 1, 2}}));
    }

    @Test
    void argsortIsStable() {
        assertThat(SortOps.argsort(t(new float[] {2, 1, 2, 1, NAN, 0}), 0)).isEqualTo(t(new float[] {5, 1, 3, 0, 2, 4}));
        assertThat(SortOps.argsort(t(new float[][] {{3, 1}, {1, 2}, {1, 0}}), 0)).isEqualTo(t(new float[][] {{1, 2}, {2, 0}, {0, 1}}));
        // long lines go through the merge steps, not only the insertion sort
        float[] v = new float[100];
        for (int i = 0; i < v.length; i++) v[i] = (i * 37) % 10;
        float[] idx = SortOps.argsort(Tensor.of(v, 100), -1).toFloatArray();
        for (int i = 1; i < idx.length; i++) {
            float a = v[(int) idx[i - 1]], b = v[(int) idx[i]];
            assertThat(a < b || (a == b && idx[i - 1] < idx[i])).isTrue();
        }
    }

    @Test
    void topKLargestFirstLowerIndexOnTies() {
        TopK top = SortOps.topK(t(new float[][] {{1, 3, 3, 2}, {5, 4, 6, 0}}), 2, true);
        assertThat(top.values()).isEqualTo(t(new float[][] {{3, 3}, {6, 5}}));
        assertThat(top.indices()).isEqualTo(t(new float[][] {{1, 2}, {2, 0}}));
        TopK all = SortOps.topK(t(new float[] {0, -1, 7}), 3, false);
        assertThat(all.values()).isEqualTo(t(new float[] {7, 0, -1}));
        assertThat(all.indices()).isEqualTo(t(new float[] {2, 0, 1}));
    }

    @Test
    void sortGradients() {
        grads(x -> SortOps.sort(x, 0), distinct(1, 5));
        grads(x -> SortOps.sort(x, 0), distinct(2, 3, 4));
        grads(x -> SortOps.sort(x, -2), distinct(3, 2, 3, 4));
    }

    @Test
    void topKGradients() {
        grads(x -> SortOps.topK(x, 2, true).values(), distinct(4, 6));
        grads(x -> SortOps.topK(x, 1, true).values(), distinct(5, 3, 5));
        grads(x -> SortOps.topK(x, 4, false).values(), distinct(6, 2, 2, 4));
    }

    @Test
    void indicesAreConstants() {
        grads(x -> Ops.mul(x, SortOps.argsort(x, -1)), distinct(7, 2, 3));
        grads(x -> Ops.mul(x, SortOps.topK(x, 3, true).indices()), distinct(8, 3));
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> SortOps.topK(Tensor.zeros(2, 5), 7, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topK").hasMessageContaining("[1, 5]").hasMessageContaining("(2, 5)").hasMessageContaining("got 7");
        assertThatThrownBy(() -> SortOps.topK(Tensor.zeros(3), 0, true)).hasMessageContaining("topK").hasMessageContaining("got 0");
        assertThatThrownBy(() -> SortOps.topK(Tensor.scalar(1), 1, true)).hasMessageContaining("topK").hasMessageContaining("()");
        assertThatThrownBy(() -> SortOps.sort(Tensor.zeros(2, 3), 2)).hasMessageContaining("sort").hasMessageContaining("got 2");
        assertThatThrownBy(() -> SortOps.argsort(Tensor.zeros(2, 3), -3)).hasMessageContaining("argsort").hasMessageContaining("got -3");
        assertThatThrownBy(() -> SortOps.sort(null, 0)).hasMessageContaining("sort").hasMessageContaining("x");
    }
}
