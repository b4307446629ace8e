package dev.gradus.ops;

import static dev.gradus.testing.GradCheck.check;
import static dev.gradus.testing.GradCheck.checkSecondOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Reductions, shape changes and matmul: forward values and tape gradients against finite differences. */
class CoreOpsGradTest {

    static Tensor rand(long seed, int... shape) {
        return Tensor.randomUniform(Shape.of(shape), -2, 2, seed);
    }

    @Test
    void sumAndMeanOverAxes() {
        Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(Ops.sum(x).item()).isEqualTo(21f);
        assertThat(Ops.sum(x, 0).toFloatArray()).containsExactly(5, 7, 9);
        assertThat(Ops.sum(x, -1).toFloatArray()).containsExactly(6, 15);
        assertThat(Ops.mean(x, new int[] {1}, true).shape()).isEqualTo(Shape.of(2, 1));
        assertThat(Ops.mean(x, 1).toFloatArray()).containsExactly(2, 5);
        assertThat(Ops.max(x, 0).toFloatArray()).containsExactly(4, 5, 6);
        assertThat(Ops.min(x, 1).toFloatArray()).containsExactly(1, 4);
        assertThat(Ops.sum(Tensor.zeros(0, 3), 0).toFloatArray()).containsExactly(0, 0, 0);
        int[][] shapes = {{6}, {3, 4}, {2, 3, 4}};
        int[][][] axes = {{{0}}, {{0}, {1}, {-1}, {0, 1}}, {{1}, {0, 2}, {-1, -3}, {0, 1, 2}}};
        for (int s = 0; s < shapes.length; s++) {
            Tensor in = rand(s, shapes[s]);
            for (int[] ax : axes[s]) {
                for (boolean keep : new boolean[] {false, true}) {
                    check(xs -> Ops.sum(xs[0], ax, keep), in);
                    check(xs -> Ops.mean(xs[0], ax, keep), in);
                    check(xs -> Ops.max(xs[0], ax, keep), in);
                    check(xs -> Ops.min(xs[0], ax, keep), in);
                }
            }
            checkSecondOrder(xs -> Ops.square(Ops.sum(Ops.square(xs[0]), new int[] {0}, false)), in);
        }
    }

    @Test
    void maxSplitsTheGradientAmongTies() {
        Tensor x = Tensor.of(new float[] {1, 3, 3});
        try (var tape = new dev.gradus.autodiff.GradientTape()) {
            tape.watch(x);
            assertThat(tape.gradient(Ops.max(x), x).toFloatArray()).containsExactly(0, 0.5f, 0.5f);
        }
    }

    @Test
    void shapeChanges() {
        Tensor x = Tensor.arange(6);
        assertThat(Ops.reshape(x, 2, -1).shape()).isEqualTo(Shape.of(2, 3));
        Tensor m = Ops.reshape(x, 2, 3);
        assertThat(Ops.transpose(m).toFloatArray()).containsExactly(0, 3, 1, 4, 2, 5);
        Tensor c = Ops.reshape(Tensor.arange(24), 2, 3, 4);
        Tensor p = Ops.transpose(c, 2, 0, 1);
        assertThat(p.shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(p.get(3, 1, 2)).isEqualTo(c.get(1, 2, 3));
        assertThat(Ops.expandDims(x, 0).shape()).isEqualTo(Shape.of(1, 6));
        assertThat(Ops.expandDims(x, -1).shape()).isEqualTo(Shape.of(6, 1));
        assertThat(Ops.squeeze(Tensor.zeros(1, 3, 1)).shape()).isEqualTo(Shape.of(3));
        assertThat(Ops.squeeze(Tensor.zeros(1, 3, 1), -1).shape()).isEqualTo(Shape.of(1, 3));
        assertThat(Ops.broadcastTo(Tensor.of(new float[] {1, 2}), 3, 2).toFloatArray()).containsExactly(1, 2, 1, 2, 1, 2);
        int[][] shapes = {{2, 3}, {2, 3, 4}, {1, 4, 1, 3}};
        for (int s = 0; s < shapes.length; s++) {
            Tensor in = rand(10 + s, shapes[s]);
            int r = shapes[s].length;
            check(xs -> Ops.reshape(xs[0], -1), in);
            check(xs -> Ops.transpose(xs[0]), in);
            int[] perm = new int[r];
            for (int i = 0; i < r; i++) perm[i] = (i + 1) % r;
            check(xs -> Ops.transpose(xs[0], perm), in);
            check(xs -> Ops.expandDims(xs[0], 1), in);
            check(xs -> Ops.squeeze(Ops.expandDims(xs[0], 0)), in);
            int[] target = new int[r + 1];
            target[0] = 2;
            for (int i = 0; i < r; i++) target[i + 1] = shapes[s][i];
            check(xs -> Ops.broadcastTo(xs[0], target), in);
        }
    }

    @Test
    void matmulValuesFollowNumpy() {
        Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.of(new float[][] {{5, 6}, {7, 8}});
        assertThat(Ops.matmul(a, b).toFloatArray()).containsExactly(19, 22, 43, 50);
        Tensor v = Tensor.of(new float[] {1, 1});
        assertThat(Ops.matmul(a, v).toFloatArray()).containsExactly(3, 7);
        assertThat(Ops.matmul(v, a).toFloatArray()).containsExactly(4, 6);
        assertThat(Ops.matmul(v, v).shape()).isEqualTo(Shape.scalar());
        assertThat(Ops.dot(v, v).item()).isEqualTo(2f);
        assertThat(Ops.outer(v, Tensor.of(new float[] {1, 2, 3})).shape()).isEqualTo(Shape.of(2, 3));
        // a stack of 2 against one matrix broadcasts the batch
        Tensor stack = Ops.reshape(Tensor.arange(8), 2, 2, 2);
        Tensor out = Ops.matmul(stack, b);
        assertThat(out.shape()).isEqualTo(Shape.of(2, 2, 2));
        assertThat(out.toFloatArray()).containsExactly(7, 8, 31, 36, 55, 64, 79, 92);
    }

    @Test
    void matmulGradientsIncludingBroadcastBatchesAndSecondOrder() {
        int[][][] pairs = {{{3, 4}, {4, 5}}, {{4}, {4, 3}}, {{3, 4}, {4}}, {{4}, {4}},
                {{2, 3, 4}, {4, 5}}, {{2, 1, 3, 4}, {5, 4, 2}}, {{1, 3, 4}, {2, 4, 2}}};
        for (int i = 0; i < pairs.length; i++) {
            Tensor a = rand(100 + i, pairs[i][0]), b = rand(200 + i, pairs[i][1]);
            check(xs -> Ops.matmul(xs[0], xs[1]), a, b);
            checkSecondOrder(xs -> Ops.matmul(xs[0], xs[1]), a, b);
            checkSecondOrder(xs -> Ops.matmul(Ops.tanh(xs[0]), Ops.square(xs[1])), a, b);
        }
        int[][][] outerShapes = {{{3}, {4}}, {{2, 2}, {3}}, {{1}, {2, 3}}};
        for (int i = 0; i < outerShapes.length; i++) {
            check(xs -> Ops.outer(xs[0], xs[1]), rand(300 + i, outerShapes[i][0]), rand(400 + i, outerShapes[i][1]));
            checkSecondOrder(xs -> Ops.outer(xs[0], xs[1]), rand(300 + i, outerShapes[i][0]), rand(400 + i, outerShapes[i][1]));
        }
        int[][][] dotShapes = {{{3}, {3}}, {{2, 3}, {3}}, {{2, 3}, {3, 4}}, {{}, {2, 2}}};
        for (int i = 0; i < dotShapes.length; i++)
            check(xs -> Ops.dot(xs[0], xs[1]), rand(500 + i, dotShapes[i][0]), rand(600 + i, dotShapes[i][1]));
    }

    @Test
    void aStackTimesOneMatrixHasItsKernelGradientAsOneProduct() {
        // (stack, m, k) @ op(b), b of rank 2: the kernel gradient is one product over the stack's rows
        Tensor a = rand(31, 3, 50, 40), g = rand(32, 3, 50, 24);
        for (boolean tb : new boolean[] {false, true}) {
            Tensor b = tb ? rand(33, 24, 40) : rand(33, 40, 24);
            Tensor out;
            Tensor[] grads;
            try (dev.gradus.autodiff.GradientTape tape = new dev.gradus.autodiff.GradientTape()) {
                tape.watch(a);
                tape.watch(b);
                out = LinalgOps.product(a, b, false, tb);
                grads = tape.gradient(Ops.sum(Ops.mul(out, g)), java.util.List.of(a, b)).toArray(new Tensor[0]);
            }
            assertThat(out.shape()).isEqualTo(Shape.of(3, 50, 24));
            Tensor sumAtG = null;
            for (int i = 0; i < 3; i++) {
                Tensor ai = Ops.reshape(Ops.slice(a, new int[] {i, 0, 0}, new int[] {1, 50, 40}), 50, 40);
                Tensor gi = Ops.reshape(Ops.slice(g, new int[] {i, 0, 0}, new int[] {1, 50, 24}), 50, 24);
                Tensor outI = Ops.reshape(Ops.slice(out, new int[] {i, 0, 0}, new int[] {1, 50, 24}), 50, 24);
                Tensor daI = Ops.reshape(Ops.slice(grads[0], new int[] {i, 0, 0}, new int[] {1, 50, 40}), 50, 40);
                // each output row and input-gradient row is the same dot product as in the matrix's own product
                assertThat(outI.toFloatArray()).as("tb %s, matrix %d", tb, i).containsExactly(LinalgOps.product(ai, b, false, tb).toFloatArray());
                assertThat(daI.toFloatArray()).as("tb %s, matrix %d", tb, i).containsExactly(LinalgOps.product(gi, b, false, !tb).toFloatArray());
                Tensor part = tb ? LinalgOps.product(gi, ai, true, false) : LinalgOps.product(ai, gi, true, false);
                sumAtG = sumAtG == null ? part : Ops.add(sumAtG, part);
            }
            assertThat(grads[1].shape()).isEqualTo(b.shape());
            assertThat(grads[1].allClose(sumAtG, 1e-5, 1e-5)).as("tb %s: kernel gradient = sum of the matrices' own", tb).isTrue();
            check(xs -> LinalgOps.product(xs[0], xs[1], false, tb), rand(34, 2, 3, 4), tb ? rand(35, 5, 4) : rand(35, 4, 5));
            checkSecondOrder(xs -> LinalgOps.product(xs[0], xs[1], false, tb), rand(36, 2, 3, 4), tb ? rand(37, 5, 4) : rand(37, 4, 5));
        }
    }

    @Test
    void transposedProductsMatchExplicitTransposes() {
        Tensor a = rand(5, 2, 3, 4), b = rand(6, 2, 5, 4);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor x = ta ? Ops.transpose(a, 0, 2, 1) : a;
                Tensor y = tb ? b : Ops.transpose(b, 0, 2, 1);
                Tensor fused = LinalgOps.product(x, y, ta, tb);
                assertThat(fused.allClose(Ops.matmul(a, Ops.transpose(b, 0, 2, 1)), 1e-5, 1e-5)).isTrue();
                check(xs -> LinalgOps.product(xs[0], xs[1], ta, tb), x, y);
            }
        }
    }
}
