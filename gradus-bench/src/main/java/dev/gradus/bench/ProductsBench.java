package dev.gradus.bench;

import dev.gradus.tensor.kernels.Gemm;
import dev.ludovic.netlib.blas.BLAS;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The five large products of one W1 training step (MNIST MLP 784-512-512-10, batch 128), Gradus
 * {@link Gemm} against native BLAS through netlib-java, as {@link MatmulBench} does for square ones.
 *
 * <p>Why it exists: W1's target is stated against its arithmetic floor at the n = 1024 GEMM rate, but
 * a batch of 128 rows and weight gradients with k = 128 do not reach that rate in any BLAS. This
 * measures how far below it they run, so a W1 figure can be split into "the products at their own
 * shapes" and "everything else". One call is the step's products: forward 128x784 * 784x512 and
 * 128x512 * 512x512, the kernel gradients X^T * dY (784x128 * 128x512 and 512x128 * 128x512), and the
 * input gradient dY * W^T (128x512 * 512x512 with B transposed); 406.8 MFLOP, so GFLOP/s = 406.8 /
 * (microseconds per call) * 1000. The two 10-wide products of the last layer are left out (0.3% of
 * the work).
 *
 * <pre>java -jar gradus-bench/target/benchmarks.jar ProductsBench -p impl=gradus
 * OPENBLAS_NUM_THREADS=2 OPENBLAS_CORETYPE=SkylakeX java -jar gradus-bench/target/benchmarks.jar ProductsBench -p impl=netlib -p threads=2</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProductsBench {

    /** The products as {m, k, n, A transposed, B transposed}, C = op(A) op(B) row-major. */
    static final int[][] W1_STEP = {
        {128, 784, 512, 0, 0}, {128, 512, 512, 0, 0}, {784, 128, 512, 1, 0}, {512, 128, 512, 1, 0}, {128, 512, 512, 0, 1}};

    @Param({"1", "2"})
    public int threads;

    @Param({"gradus", "netlib"})
    public String impl;

    private float[][] a, b, c;
    private BLAS blas;

    @Setup(Level.Trial)
    public void setup() {
        Random r = new Random(1);
        int count = W1_STEP.length;
        a = new float[count][];
        b = new float[count][];
        c = new float[count][];
        for (int i = 0; i < count; i++) {
            int m = W1_STEP[i][0], k = W1_STEP[i][1], n = W1_STEP[i][2];
            a[i] = new float[m * k];
            b[i] = new float[k * n];
            c[i] = new float[m * n];
            for (int j = 0; j < a[i].length; j++) a[i][j] = r.nextFloat() - 0.5f;
            for (int j = 0; j < b[i].length; j++) b[i][j] = r.nextFloat() - 0.5f;
        }
        blas = MatmulBench.engine(impl, threads);
    }

    @Benchmark
    public float[][] step() {
        for (int i = 0; i < W1_STEP.length; i++) {
            int m = W1_STEP[i][0], k = W1_STEP[i][1], n = W1_STEP[i][2];
            boolean transA = W1_STEP[i][3] == 1, transB = W1_STEP[i][4] == 1;
            int lda = transA ? m : k, ldb = transB ? k : n;
            if (blas != null) {
                // column-major: row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T
                blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1f, b[i], ldb, a[i], lda, 0f, c[i], n);
            } else {
                Gemm.sgemm(transA, transB, m, n, k, 1f, a[i], 0, lda, b[i], 0, ldb, 0f, c[i], 0, n);
            }
        }
        return c;
    }
}
