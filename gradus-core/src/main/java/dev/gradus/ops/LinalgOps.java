package dev.gradus.ops;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Gemm;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.tensor.kernels.StepBuffers;

/** matmul with numpy's rules, built on one transposed-flag product whose gradient is itself. */
final class LinalgOps {
    private LinalgOps() {}

    /**
     * numpy matmul: rank 1 operands are promoted (and the added axis removed), rank >= 3 operands
     * are stacks of matrices whose leading dimensions broadcast.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        MathOps.check("matmul", "a", a);
        MathOps.check("matmul", "b", b);
        if (a.rank() == 0 || b.rank() == 0) throw new IllegalArgumentException(
                "matmul: operands must have rank >= 1, got shapes " + a.shape() + " and " + b.shape());
        Tensor a2 = a.rank() == 1 ? ShapeOps.reshape(a, 1, a.size()) : a;
        Tensor b2 = b.rank() == 1 ? ShapeOps.reshape(b, b.size(), 1) : b;
        if (a2.dim(-1) != b2.dim(-2)) throw new IllegalArgumentException(
                "matmul: inner dimensions differ: shapes " + a.shape() + " and " + b.shape()
                        + " (" + a2.dim(-1) + " != " + b2.dim(-2) + ")");
        Tensor out = product(a2, b2, false, false);
        if (a.rank() == 1 && b.rank() == 1) return ShapeOps.reshape(out, Shape.scalar());
        if (a.rank() == 1) return ShapeOps.squeeze(out, -2);
        if (b.rank() == 1) return ShapeOps.squeeze(out, -1);
        return out;
    }

    /** {@code op(a) @ op(b)} where op transposes the last two axes when its flag is set; ranks >= 2. */
    static Tensor product(Tensor a, Tensor b, boolean ta, boolean tb) {
        int ra = a.rank(), rb = b.rank();
        int m = ta ? a.dim(-1) : a.dim(-2), k = ta ? a.dim(-2) : a.dim(-1);
        int kb = tb ? b.dim(-1) : b.dim(-2), n = tb ? b.dim(-2) : b.dim(-1);
        if (k != kb) throw new IllegalArgumentException("matmul: inner dimensions differ: shapes " + a.shape()
                + " and " + b.shape() + " (" + k + " != " + kb + ")");
        Shape batchA = Shape.of(java.util.Arrays.copyOf(a.shape().dims(), ra - 2));
        Shape batchB = Shape.of(java.util.Arrays.copyOf(b.shape().dims(), rb - 2));
        Shape batch = Shape.broadcast("matmul", batchA, batchB);
        int[] outDims = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        float[] c = StepBuffers.take(batch.size() * m * n);
        float[] ad = a.unsafeBuffer(), bd = b.unsafeBuffer();
        int lda = a.dim(-1), ldb = b.dim(-1);
        int[] aOff = batchOffsets(batchA, batch, a.dim(-2) * a.dim(-1));
        int[] bOff = batchOffsets(batchB, batch, b.dim(-2) * b.dim(-1));
        int count = batch.size();
        if (count == 1) {
            Gemm.sgemm(ta, tb, m, n, k, 1f, ad, aOff[0], lda, bd, bOff[0], ldb, 0f, c, 0, n);
        } else {
            Parallel.forRange(count, (long) m * n * Math.max(1, k), (lo, hi) -> {
                for (int i = lo; i < hi; i++)
                    Gemm.sgemm(ta, tb, m, n, k, 1f, ad, aOff[i], lda, bd, bOff[i], ldb, 0f, c, i * m * n, n);
            });
        }
        Tensor out = Tensor.wrap(c, Shape.of(outDims));
        if (Record.on()) Record.nary(out, (g, need) -> {
            Tensor da = null, db = null;
            if (need[0]) da = ta ? product(b, g, tb, true) : product(g, b, false, !tb);
            if (need[1] && rb == 2 && !ta && count > 1) {
                // a stack times one matrix (a Dense layer on a sequence): b's gradient is one product over the
                // stack's rows, not a (stack, k, n) pile of per-matrix products summed afterwards
                Tensor flatA = ShapeOps.reshape(a, count * m, k), flatG = ShapeOps.reshape(g, count * m, n);
                db = tb ? product(flatG, flatA, true, false) : product(flatA, flatG, true, false);
            } else if (need[1]) {
                db = tb ? product(g, a, true, ta) : product(a, g, !ta, false);
            }
            return new Tensor[] {
                    da == null ? null : ReduceOps.sumTo(da, a.shape()),
                    db == null ? null : ReduceOps.sumTo(db, b.shape())};
        }, a, b);
        return out;
    }

    /** Start of each matrix of a stack with batch shape {@code own}, broadcast to {@code batch}. */
    private static int[] batchOffsets(Shape own, Shape batch, int matrixSize) {
        int count = batch.size();
        int[] out = new int[count];
        int[] bd = batch.dims(), od = own.dims();
        int lead = bd.length - od.length;
        for (int i = 0; i < count; i++) {
            int rem = i, idx = 0, stride = 1;
            for (int d = bd.length - 1; d >= 0; d--) {
                int coord = rem % bd[d];
                rem /= bd[d];
                if (d >= lead) {
                    int size = od[d - lead];
                    idx += (size == 1 ? 0 : coord) * stride;
                    stride *= size;
                }
            }
            out[i] = idx * matrixSize;
        }
        return out;
    }

    /** numpy dot for ranks 1 and 2 (and a scalar operand as multiplication). */
    static Tensor dot(Tensor a, Tensor b) {
        MathOps.check("dot", "a", a);
        MathOps.check("dot", "b", b);
        if (a.rank() == 0 || b.rank() == 0) return MathOps.mul(a, b);
        if (a.rank() > 2 || b.rank() > 2) throw new IllegalArgumentException(
                "dot: supports ranks 0 to 2 (use matmul for stacks), got shapes " + a.shape() + " and " + b.shape());
        return matmul(a, b);
    }

    /** Outer product of the flattened operands. */
    static Tensor outer(Tensor a, Tensor b) {
        MathOps.check("outer", "a", a);
        MathOps.check("outer", "b", b);
        return product(ShapeOps.reshape(a, a.size(), 1), ShapeOps.reshape(b, 1, b.size()), false, false);
    }
}
