package dev.gradus.ops;

import static dev.gradus.testing.GradCheck.check;
import static dev.gradus.testing.GradCheck.checkSecondOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.GradientTape;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Forward values (worked out by hand from numpy's rules), gradients and error messages of ArrayOps. */
class ArrayOpsTest {
    static final int MIN = Integer.MIN_VALUE, MAX = Integer.MAX_VALUE;

    static Tensor t(Object nested) {
        return Tensor.of(nested);
    }

    static Tensor r(long seed, int... shape) {
        return Tensor.randomUniform(Shape.of(shape), -2, 2, seed);
    }

    /** Checks first derivatives of f, and second derivatives of square(f) (whose gradient depends on x). */
    static void grads(Function<Tensor[], Tensor> f, Tensor... xs) {
        check(f, xs);
        checkSecondOrder(v -> Ops.square(f.apply(v)), xs);
    }

    static Tensor arange(int n, int... shape) {
        return Tensor.arange(n).reshape(shape);
    }

    @Nested
    class Concat {
        @Test
        void forward() {
            Tensor a = t(new float[][] {{1, 2}, {3, 4}}), b = t(new float[][] {{5}, {6}});
            assertThat(ArrayOps.concat(List.of(a, b), -1)).isEqualTo(t(new float[][] {{1, 2, 5}, {3, 4, 6}}));
            assertThat(ArrayOps.concat(List.of(t(new float[][] {{0, 9}}), a), 0))
                    .isEqualTo(t(new float[][] {{0, 9}, {1, 2}, {3, 4}}));
            assertThat(ArrayOps.concat(List.of(a, Tensor.zeros(2, 0)), 1)).isEqualTo(a);
        }

        @Test
        void gradients() {
            grads(xs -> ArrayOps.concat(List.of(xs[0], xs[1]), -1), r(1, 2, 3), r(2, 2, 1));
            grads(xs -> ArrayOps.concat(List.of(xs[0], xs[1], xs[2]), 0), r(3, 1, 3), r(4, 2, 3), r(5, 3, 3));
            grads(xs -> ArrayOps.concat(List.of(xs[0], xs[1], xs[0]), -2), r(6, 2, 2, 3), r(7, 2, 1, 3));
        }

        @Test
        void errors() {
            assertThatThrownBy(() -> ArrayOps.concat(List.of(Tensor.zeros(2, 3), Tensor.zeros(3, 4)), 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("concat").hasMessageContaining("(2, 3)").hasMessageContaining("(3, 4)");
            assertThatThrownBy(() -> ArrayOps.concat(List.of(Tensor.zeros(2, 3), Tensor.zeros(2)), 0))
                    .hasMessageContaining("concat").hasMessageContaining("(2,)");
            assertThatThrownBy(() -> ArrayOps.concat(List.of(), 0)).hasMessageContaining("concat").hasMessageContaining("empty");
            assertThatThrownBy(() -> ArrayOps.concat(List.of(Tensor.zeros(2, 3)), 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concat").hasMessageContaining("got 2");
        }
    }

    @Nested
    class Stack {
        @Test
        void forward() {
            Tensor a = t(new float[] {1, 2}), b = t(new float[] {3, 4});
            assertThat(ArrayOps.stack(List.of(a, b), 0)).isEqualTo(t(new float[][] {{1, 2}, {3, 4}}));
            assertThat(ArrayOps.stack(List.of(a, b), -1)).isEqualTo(t(new float[][] {{1, 3}, {2, 4}}));
        }

        @Test
        void gradients() {
            grads(xs -> ArrayOps.stack(List.of(xs[0], xs[1]), 0), r(1, 3), r(2, 3));
            grads(xs -> ArrayOps.stack(List.of(xs[0], xs[1]), -1), r(3, 2, 3), r(4, 2, 3));
            grads(xs -> ArrayOps.stack(List.of(xs[0], xs[1], xs[0]), 1), r(5, 2, 1, 2), r(6, 2, 1, 2));
        }

        @Test
        void errors() {
            assertThatThrownBy(() -> ArrayOps.stack(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 4)), 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stack").hasMessageContaining("(2, 3)").hasMessageContaining("(2, 4)");
            assertThatThrownBy(() -> ArrayOps.stack(List.of(Tensor.zeros(2, 3)), 3))
                    .hasMessageContaining("stack").hasMessageContaining("got 3");
        }
    }

    @Nested
    class Split {
        @Test
        void equalSections() {
            List<Tensor> parts = ArrayOps.split(arange(6, 3, 2), 3, 0);
            assertThat(parts).containsExactly(t(new float[][] {{0, 1}}), t(new float[][] {{2, 3}}), t(new float[][] {{4, 5}}));
            assertThat(ArrayOps.split(arange(6, 2, 3), 1, -1)).containsExactly(arange(6, 2, 3));
        }

        @Test
        void splitPointsFollowPythonSlices() {
            assertThat(ArrayOps.split(Tensor.arange(5), new int[] {3, 1}, 0))
                    .containsExactly(t(new float[] {0, 1, 2}), Tensor.zeros(0), t(new float[] {1, 2, 3, 4}));
            assertThat(ArrayOps.split(Tensor.arange(6), new int[] {-2}, 0))
                    .containsExactly(t(new float[] {0, 1, 2, 3}), t(new float[] {4, 5}));
            assertThat(ArrayOps.split(Tensor.arange(4), new int[] {10}, 0))
                    .containsExactly(t(new float[] {0, 1, 2, 3}), Tensor.zeros(0));
        }

        @Test
        void gradients() {
            // reordered, partly unused and overlapping parts
            grads(xs -> {
                List<Tensor> p = ArrayOps.split(xs[0], 3, -1);
                return ArrayOps.concat(List.of(p.get(2), Ops.mul(p.get(0), 3)), -1);
            }, r(1, 2, 6));
            grads(xs -> ArrayOps.split(xs[0], new int[] {1, 3}, 0).get(1), r(2, 4, 3));
            grads(xs -> {
                List<Tensor> p = ArrayOps.split(xs[0], new int[] {3, 1}, -2);
                return ArrayOps.concat(List.of(p.get(0), p.get(1), p.get(2)), -2);
            }, r(3, 2, 5, 2));
        }

        @Test
        void errors() {
            assertThatThrownBy(() -> ArrayOps.split(Tensor.zeros(2, 5), 2, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("split").hasMessageContaining("size 5").hasMessageContaining("2 equal sections")
                    .hasMessageContaining("(2, 5)");
            assertThatThrownBy(() -> ArrayOps.split(Tensor.zeros(4), 0, 0)).hasMessageContaining("split").hasMessageContaining("got 0");
            assertThatThrownBy(() -> ArrayOps.split(Tensor.zeros(4), 2, 1)).hasMessageContaining("split").hasMessageContaining("got 1");
        }
    }

    @Nested
    class Slice {
        @Test
        void pythonSlicing() {
            Tensor x = Tensor.arange(10);
            assertThat(ArrayOps.slice(x, new int[] {-1}, new int[] {MIN}, new int[] {-1}))
                    .isEqualTo(t(new float[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
            assertThat(ArrayOps.slice(x, new int[] {8}, new int[] {2}, new int[] {-3})).isEqualTo(t(new float[] {8, 5}));
            assertThat(ArrayOps.slice(x, new int[] {1}, new int[] {100}, new int[] {4})).isEqualTo(t(new float[] {1, 5, 9}));
            Tensor y = arange(12, 3, 4);
            assertThat(ArrayOps.slice(y, new int[] {2, -1}, new int[] {MIN, 0}, new int[] {-2, -2}))
                    .isEqualTo(t(new float[][] {{11, 9}, {3, 1}}));
            assertThat(ArrayOps.slice(y, new int[] {1}, new int[] {2}, new int[] {1})).isEqualTo(t(new float[][] {{4, 5, 6, 7}}));
            assertThat(ArrayOps.slice(y, new int[] {3}, new int[] {1}, new int[] {1}).shape().dims()).containsExactly(0, 4);
            assertThat(ArrayOps.slice(y, -1, 1, -1)).isEqualTo(t(new float[][] {{1, 2}, {5, 6}, {9, 10}}));
            assertThat(ArrayOps.slice(y, 0, 2, 1).shape().dims()).containsExactly(0, 4);
        }

        @Test
        void gradients() {
            grads(xs -> ArrayOps.slice(xs[0], new int[] {-2}, new int[] {MIN}, new int[] {-2}), r(1, 7));
            grads(xs -> ArrayOps.slice(xs[0], new int[] {1, -1}, new int[] {MAX, 0}, new int[] {2, -1}), r(2, 5, 4));
            grads(xs -> ArrayOps.slice(xs[0], -2, 1, 3), r(3, 2, 4, 3));
        }

        @Test
        void kerasBlockSlice() {
            Tensor y = arange(12, 3, 4);
            assertThat(Ops.slice(y, new int[] {1, 1}, new int[] {2, 2})).isEqualTo(t(new float[][] {{5, 6}, {9, 10}}));
            assertThat(Ops.slice(y, new int[] {0, 3}, new int[] {3, 0}).shape().dims()).containsExactly(3, 0);
            grads(xs -> Ops.slice(xs[0], new int[] {1, 0}, new int[] {1, 3}), r(5, 3, 4));
            grads(xs -> Ops.slice(xs[0], new int[] {0, 1, 2}, new int[] {2, 1, 2}), r(6, 2, 3, 4));
            grads(xs -> Ops.slice(xs[0], new int[] {2}, new int[] {3}), r(7, 6));
            assertThatThrownBy(() -> Ops.slice(y, new int[] {2, 1}, new int[] {2, 2}))
                    .hasMessage("slice: the block starting at (2, 1) with shape (2, 2) does not fit in shape (3, 4) (axis 0)");
            assertThatThrownBy(() -> Ops.slice(y, new int[] {0}, new int[] {1}))
                    .hasMessageContaining("expected 2 start indices and 2 sizes for shape (3, 4), got 1 and 1");
        }

        @Test
        void largeStridedCopyMatchesLoop() {
            Tensor x = r(4, 300, 257);
            Tensor s = ArrayOps.slice(x, new int[] {299, 1}, new int[] {MIN, MAX}, new int[] {-3, 2});
            assertThat(s.shape().dims()).containsExactly(100, 128);
            for (int i = 0; i < 100; i += 7) for (int j = 0; j < 128; j += 5) assertThat(s.get(i, j)).isEqualTo(x.get(299 - 3 * i, 1 + 2 * j));
        }

        @Test
        void errors() {
            assertThatThrownBy(() -> ArrayOps.slice(Tensor.zeros(2, 3), new int[] {0}, new int[] {1}, new int[] {0}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slice").hasMessageContaining("strides[0]");
            assertThatThrownBy(() -> ArrayOps.slice(Tensor.zeros(2, 3), new int[] {0, 0, 0}, new int[] {1, 1, 1}, new int[] {1, 1, 1}))
                    .hasMessageContaining("slice").hasMessageContaining("(2, 3)").hasMessageContaining("3 begin");
            assertThatThrownBy(() -> ArrayOps.slice(Tensor.zeros(2, 3), new int[] {0}, new int[] {1, 2}, new int[] {1}))
                    .hasMessageContaining("slice").hasMessageContaining("same length");
            assertThatThrownBy(() -> ArrayOps.slice(Tensor.zeros(2, 3), 2, 0, 1)).hasMessageContaining("slice").hasMessageContaining("got 2");
        }
    }

    @Nested
    class Pad {
        @Test
        void forward() {
            assertThat(ArrayOps.pad(t(new float[][] {{1, 2}}), new int[][] {{1, 0}, {0, 2}}, 9))
                    .isEqualTo(t(new float[][] {{9, 9, 9, 9}, {1, 2, 9, 9}}));
            assertThat(ArrayOps.pad(t(new float[] {5}), new int[][] {{2, 1}}, 0)).isEqualTo(t(new float[] {0, 0, 5, 0}));
            assertThat(ArrayOps.pad(t(new float[][] {{7}}), new int[][] {{1, 1}}, -1))
                    .isEqualTo(t(new float[][] {{-1, -1, -1}, {-1, 7, -1}, {-1, -1, -1}}));
        }

        @Test
        void gradients() {
            grads(xs -> ArrayOps.pad(xs[0], new int[][] {{2, 1}}, 3), r(1, 4));
            grads(xs -> ArrayOps.pad(xs[0], new int[][] {{0, 1}, {2, 0}}, 0), r(2, 2, 3));
            grads(xs -> ArrayOps.pad(xs[0], new int[][] {{1, 1}}, -1), r(3, 2, 1, 2));
        }

        @Test
        void errors() {
            assertThatThrownBy(() -> ArrayOps.pad(Tensor.zeros(2, 3), new int[][] {{0, 1}, {-1, 2}}, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pad").hasMessageContaining("[-1, 2]");
            assertThatThrownBy(() -> ArrayOps.pad(Tensor.zeros(2, 3), new int[][] {{0, 1}, {1, 1}, {1, 1}}, 0))
                    .hasMessageContaining("pad").hasMessageContaining("(2, 3)").hasMessageContaining("3 pairs");
        }
    }

    @Nested
    class TileRepeat {
        @Test
        void tile() {
            assertThat(ArrayOps.tile(t(new float[] {1, 2}), 2)).isEqualTo(t(new float[] {1, 2, 1, 2}));
            assertThat(ArrayOps.tile(t(new float[][] {{1, 2}, {3, 4}}), 2, 1))
                    .isEqualTo(t(new float[][] {{1, 2}, {3, 4}, {1, 2}, {3, 4}}));
            assertThat(ArrayOps.tile(t(new float[] {1, 2}), 2, 1, 2))
                    .isEqualTo(t(new float[][][] {{{1, 2, 1, 2}}, {{1, 2, 1, 2}}}));
            assertThat(ArrayOps.tile(t(new float[][] {{1, 2}}), 0).shape().dims()).containsExactly(1, 0);
        }

        @Test
        void repeat() {
            Tensor x = t(new float[][] {{1, 2}, {3, 4}});
            assertThat(ArrayOps.repeat(x, 2, 1)).isEqualTo(t(new float[][] {{1, 1, 2, 2}, {3, 3, 4, 4}}));
            assertThat(ArrayOps.repeat(x, new int[] {1, 2}, -2)).isEqualTo(t(new float[][] {{1, 2}, {3, 4}, {3, 4}}));
            assertThat(ArrayOps.repeat(x, new int[] {0, 3}, 1)).isEqualTo(t(new float[][] {{2, 2, 2}, {4, 4, 4}}));
            assertThat(ArrayOps.repeat(x, 2)).isEqualTo(t(new float[] {1, 1, 2, 2, 3, 3, 4, 4}));
        }

        @Test
        void gradients() {
            grads(xs -> ArrayOps.tile(xs[0], 3), r(1, 2));
            grads(xs -> ArrayOps.tile(xs[0], 2, 1), r(2, 2, 3));
            grads(xs -> ArrayOps.tile(xs[0], 2, 1, 2), r(3, 3, 2));
            grads(xs -> ArrayOps.repeat(xs[0], 3, 0), r(4, 3));
            grads(xs -> ArrayOps.repeat(xs[0], 2, -1), r(5, 2, 3));
            grads(xs -> ArrayOps.repeat(xs[0], 2, 1), r(6, 2, 2, 2));
            grads(xs -> ArrayOps.repeat(xs[0], new int[] {2, 0, 1}, 0), r(7, 3));
            grads(xs -> ArrayOps.repeat(xs[0], new int[] {1, 3}, -2), r(8, 2, 3));
            grads(xs -> ArrayOps.repeat(xs[0], new int[] {3, 1, 2}, -1), r(9, 2, 2, 3));
        }

        @Test
        void errors() {
            assertThatThrownBy(() -> ArrayOps.tile(Tensor.zeros(2), 2, -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tile").hasMessageContaining("[2, -1]");
            assertThatThrownBy(() -> ArrayOps.repeat(Tensor.zeros(2, 3), new int[] {1, 2}, 1))
                    .hasMessageContaining("repeat").hasMessageContaining("3 repeat counts").hasMessageContaining("(2, 3)")
                    .hasMessageContaining("got 2");
            assertThatThrownBy(() -> ArrayOps.repeat(Tensor.zeros(2), -1, 0)).hasMessageContaining("repeat").hasMessageContaining("-1");
            assertThatThrownBy(() -> ArrayOps.repeat(Tensor.zeros(2), 2, -2)).hasMessageContaining("repeat").hasMessageContaining("-2");
        }
    }

    @Nested
    class Take {
        final Tensor x = t(new float[][] {{1, 2, 3}, {4, 5, 6}});

        @Test
        void forward() {
            assertThat(ArrayOps.take(x, t(new float[][] {{0, -1}}), 1)).isEqualTo(t(new float[][][] {{{1, 3}}, {{4, 6}}}));
            assertThat(ArrayOps.take(x, Tensor.scalar(1), 0)).isEqualTo(t(new float[] {4, 5, 6}));
            assertThat(ArrayOps.take(x, t(new float[] {2, 2}), -1)).isEqualTo(t(new float[][] {{3, 3}, {6, 6}}));
            assertThat(ArrayOps.gather(x, t(new float[] {1, 0, 1})))
                    .isEqualTo(t(new float[][] {{4, 5, 6}, {1, 2, 3}, {4, 5, 6}}));
        }

        @Test
        void gradients() {
            Tensor dup = t(new float[][] {{0, 2}, {2, -3}});
            grads(xs -> ArrayOps.take(xs[0], dup, 0), r(1, 4));
            grads(xs -> ArrayOps.take(xs[0], t(new float[] {1, -1, 1}), -1), r(2, 2, 3));
            grads(xs -> ArrayOps.take(xs[0], dup, 1), r(3, 2, 4, 2));
            grads(xs -> ArrayOps.gather(xs[0], t(new float[] {2, 0, 2, 2})), r(4, 3, 2));
        }

        @Test
        void largeGatherAndItsGradientMatchLoops() {
            int vocab = 1000, dim = 64, m = 5000;
            Tensor table = r(5, vocab, dim);
            float[] idx = new float[m];
            SplittableRandom rnd = new SplittableRandom(6);
            for (int i = 0; i < m; i++) idx[i] = rnd.nextInt(vocab);
            Tensor indices = Tensor.of(idx, 50, 100);
            Tensor rows, grad;
            try (GradientTape tape = new GradientTape()) {
                tape.watch(table);
                rows = ArrayOps.gather(table, indices);
                grad = tape.gradient(rows, table);
            }
            assertThat(rows.shape().dims()).containsExactly(50, 100, dim);
            float[] counts = new float[vocab];
            for (int i = 0; i < m; i++) {
                counts[(int) idx[i]]++;
                for (int c = 0; c < dim; c += 9) assertThat(rows.get(i / 100, i % 100, c)).isEqualTo(table.get((int) idx[i], c));
            }
            for (int v = 0; v < vocab; v++) for (int c = 0; c < dim; c += 13) assertThat(grad.get(v, c)).isEqualTo(counts[v]);
        }

        @Test
        void errors() {
            assertThatThrownBy(() -> ArrayOps.take(x, t(new float[] {0, 3}), 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("take").hasMessageContaining("index 3").hasMessageContaining("size 3");
            assertThatThrownBy(() -> ArrayOps.take(x, t(new float[] {-3}), 0))
                    .hasMessageContaining("take").hasMessageContaining("index -3").hasMessageContaining("size 2");
            assertThatThrownBy(() -> ArrayOps.take(x, t(new float[] {0.5f}), 0)).hasMessageContaining("take").hasMessageContaining("0.5");
            assertThatThrownBy(() -> ArrayOps.take(x, t(new float[] {0}), 2)).hasMessageContaining("take").hasMessageContaining("got 2");
            assertThatThrownBy(() -> ArrayOps.gather(x, t(new float[] {5}))).hasMessageContaining("take").hasMessageContaining("index 5");
        }
    }

    @Nested
    class TakeAlongAxis {
        @Test
        void forward() {
            Tensor x = t(new float[][] {{10, 30, 20}, {60, 40, 50}});
            assertThat(ArrayOps.takeAlongAxis(x, t(new float[][] {{0, 2, 1}, {1, 2, 0}}), 1))
                    .isEqualTo(t(new float[][] {{10, 20, 30}, {40, 50, 60}}));
            assertThat(ArrayOps.takeAlongAxis(x, t(new float[][] {{2, 0}}), -1)).isEqualTo(t(new float[][] {{20, 10}, {50, 60}}));
            assertThat(ArrayOps.takeAlongAxis(t(new float[][] {{1, 2, 3}}), t(new float[][] {{2}, {-3}}), 1))
                    .isEqualTo(t(new float[][] {{3}, {1}}));
            assertThat(ArrayOps.takeAlongAxis(x, t(new float[][] {{1, 0, 1}}), 0)).isEqualTo(t(new float[][] {{60, 30, 50}}));
        }

        @Test
        void gradients() {
            grads(xs -> ArrayOps.takeAlongAxis(xs[0], t(new float[] {3, 0, 3, 1, 3}), 0), r(1, 4));
            grads(xs -> ArrayOps.takeAlongAxis(xs[0], t(new float[][] {{2, 0}}), -1), r(2, 3, 3));
            grads(xs -> ArrayOps.takeAlongAxis(xs[0], t(new float[][][] {{{0}, {1}}, {{1}, {1}}}), -2), r(3, 2, 2, 3));
            grads(xs -> ArrayOps.takeAlongAxis(xs[0], t(new float[][] {{2}, {0}, {2}}), 1), r(4, 1, 3));
        }

        @Test
        void errors() {
            assertThatThrownBy(() -> ArrayOps.takeAlongAxis(Tensor.zeros(2, 3), Tensor.zeros(3), 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("takeAlongAxis").hasMessageContaining("(3,)").hasMessageContaining("(2, 3)");
            assertThatThrownBy(() -> ArrayOps.takeAlongAxis(Tensor.zeros(2, 3), Tensor.zeros(4, 1), 1))
                    .hasMessageContaining("takeAlongAxis").hasMessageContaining("(4, 1)").hasMessageContaining("(2, 3)");
            assertThatThrownBy(() -> ArrayOps.takeAlongAxis(Tensor.zeros(2, 3), t(new float[][] {{3}}), 1))
                    .hasMessageContaining("takeAlongAxis").hasMessageContaining("index 3").hasMessageContaining("size 3");
        }
    }

    @Nested
    class OneHot {
        @Test
        void outOfRangeGivesZeroRows() {
            assertThat(ArrayOps.oneHot(t(new float[] {1, 0, 3, -1, 2}), 3)).isEqualTo(t(new float[][] {
                    {0, 1, 0}, {1, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 1}}));
        }

        @Test
        void axis() {
            assertThat(ArrayOps.oneHot(t(new float[] {0, 2}), 3, 0)).isEqualTo(t(new float[][] {{1, 0}, {0, 0}, {0, 1}}));
            Tensor h = ArrayOps.oneHot(t(new float[][] {{0, 1, 2}, {2, 1, 0}}), 4, 1);
            assertThat(h.shape().dims()).containsExactly(2, 4, 3);
            assertThat(h.get(1, 2, 0)).isEqualTo(1);
            assertThat(h.get(1, 0, 2)).isEqualTo(1);
            assertThat(h.sum().item()).isEqualTo(6);
            assertThat(ArrayOps.oneHot(Tensor.scalar(1), 2)).isEqualTo(t(new float[] {0, 1}));
        }

        @Test
        void errors() {
            assertThatThrownBy(() -> ArrayOps.oneHot(Tensor.zeros(2), 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("oneHot").hasMessageContaining("numClasses").hasMessageContaining("got 0");
            assertThatThrownBy(() -> ArrayOps.oneHot(Tensor.zeros(2), 3, 2)).hasMessageContaining("oneHot").hasMessageContaining("got 2");
        }
    }
}
