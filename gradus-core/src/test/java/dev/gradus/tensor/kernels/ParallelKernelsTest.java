package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The split loops give the same values on one thread and on several, against naive loops. */
class ParallelKernelsTest {

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2, 3})
    void broadcastingBinaryMatchesNaive(int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            int[][][] cases = {{{300, 257}, {257}}, {{300, 1}, {1, 257}}, {{257}, {300, 257}}, {{1}, {1000}}, {{7, 1, 64, 65}, {5, 64, 1}}, {{1 << 17}, {1 << 17}}};
            for (int[][] c : cases) {
                float[] a = Tensor.randomNormal(1, c[0]).toFloatArray(), b = Tensor.randomNormal(2, c[1]).toFloatArray();
                int[] out = Shape.broadcast("test", Shape.of(c[0]), Shape.of(c[1])).dims();
                for (boolean vector : new boolean[] {true, false}) {
                    VectorSupport.setEnabled(vector);
                    for (Binary op : new Binary[] {Binary.ADD, Binary.SUB, Binary.MUL, Binary.DIV, Binary.MAX, Binary.GREATER}) {
                        float[] got = Elementwise.binary(op, a, c[0], b, c[1], out);
                        float[] want = naiveBinary(op, a, c[0], b, c[1], out);
                        assertThat(got).as(op + " " + Shape.of(c[0]) + " " + Shape.of(c[1]) + " vector=" + vector).isEqualTo(want);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
            VectorSupport.setEnabled(true);
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void reductionsMatchNaiveDoubleSums(int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            int[] dims = {6, 50, 7, 40};
            float[] x = Tensor.randomNormal(3, dims).toFloatArray();
            boolean[][] patterns = {{false, false, false, true}, {true, false, false, false}, {true, false, true, false},
                    {false, true, false, true}, {true, true, true, true}, {false, false, false, false}};
            for (boolean[] r : patterns) {
                for (Reduce.Kind kind : Reduce.Kind.values()) {
                    float[] got = Reduce.reduce(kind, x, dims, r);
                    double[] want = naiveReduce(kind, x, dims, r);
                    assertThat(got).hasSize(want.length);
                    for (int i = 0; i < want.length; i++)
                        if (!(Math.abs(got[i] - want[i]) <= 1e-4 * Math.max(1, Math.abs(want[i]))))
                            org.assertj.core.api.Assertions.fail(kind + " " + java.util.Arrays.toString(r) + " at " + i + ": " + got[i] + " vs " + want[i]);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void permuteMatchesNaive(int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            int[] dims = {3, 70, 5, 33};
            float[] x = Tensor.randomNormal(4, dims).toFloatArray();
            int[][] perms = {{3, 2, 1, 0}, {0, 2, 1, 3}, {1, 0, 3, 2}, {0, 1, 2, 3}};
            for (int[] p : perms) {
                float[] got = Permute.permute(x, dims, p);
                int[] od = new int[4];
                for (int i = 0; i < 4; i++) od[i] = dims[p[i]];
                int[] st = Shape.of(dims).strides();
                float[] want = new float[x.length];
                int k = 0;
                for (int i0 = 0; i0 < od[0]; i0++)
                    for (int i1 = 0; i1 < od[1]; i1++)
                        for (int i2 = 0; i2 < od[2]; i2++)
                            for (int i3 = 0; i3 < od[3]; i3++) {
                                int[] o = {i0, i1, i2, i3};
                                int src = 0;
                                for (int d = 0; d < 4; d++) src += o[d] * st[p[d]];
                                want[k++] = x[src];
                            }
                assertThat(got).isEqualTo(want);
            }
            float[] m = Tensor.randomNormal(5, 67, 131).toFloatArray();
            float[] t = Permute.permute(m, new int[] {67, 131}, new int[] {1, 0});
            float[] want = new float[m.length];
            for (int i = 0; i < 67; i++) for (int j = 0; j < 131; j++) want[j * 67 + i] = m[i * 131 + j];
            assertThat(t).isEqualTo(want);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2})
    void forRangeCoversEveryIndexOnce(int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            int n = 1_000_003;
            int[] hits = new int[n];
            Parallel.forRange(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) hits[i]++;
            });
            assertThat(java.util.Arrays.stream(hits).allMatch(h -> h == 1)).isTrue();
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @org.junit.jupiter.api.Test
    void threadCountIsValidated() {
        assertThatThrownBy(() -> Parallel.setThreads(0)).hasMessage("threads: expected a positive integer, got 0");
    }

    static float[] naiveBinary(Binary op, float[] a, int[] ad, float[] b, int[] bd, int[] od) {
        int size = 1;
        for (int d : od) size *= d;
        float[] out = new float[size];
        int[] as = Elementwise.broadcastStrides(ad, od), bs = Elementwise.broadcastStrides(bd, od);
        for (int i = 0; i < size; i++) {
            int rem = i, ai = 0, bi = 0;
            for (int d = od.length - 1; d >= 0; d--) {
                int c = rem % od[d];
                rem /= od[d];
                ai += c * as[d];
                bi += c * bs[d];
            }
            out[i] = op.apply(a[ai], b[bi]);
        }
        return out;
    }

    static double[] naiveReduce(Reduce.Kind kind, float[] x, int[] dims, boolean[] r) {
        int outSize = 1;
        for (int i = 0; i < dims.length; i++) if (!r[i]) outSize *= dims[i];
        double[] acc = new double[outSize];
        java.util.Arrays.fill(acc, kind == Reduce.Kind.SUM ? 0 : kind == Reduce.Kind.PROD ? 1
                : kind == Reduce.Kind.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        for (int i = 0; i < x.length; i++) {
            int rem = i, o = 0, mult = 1;
            for (int d = dims.length - 1; d >= 0; d--) {
                int c = rem % dims[d];
                rem /= dims[d];
                if (!r[d]) {
                    o += c * mult;
                    mult *= dims[d];
                }
            }
            switch (kind) {
                case SUM: acc[o] += x[i]; break;
                case PROD: acc[o] *= x[i]; break;
                case MAX: acc[o] = Math.max(acc[o], x[i]); break;
                default: acc[o] = Math.min(acc[o], x[i]);
            }
        }
        return acc;
    }
}
