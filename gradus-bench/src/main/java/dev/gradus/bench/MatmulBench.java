package dev.gradus.bench;

import dev.gradus.tensor.kernels.Gemm;
import dev.gradus.tensor.kernels.Parallel;
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
 * float32 square matmul C = A * B (row-major), Gradus {@link Gemm} against native BLAS through
 * netlib-java ({@code dev.ludovic.netlib}, JNI to libblas.so.3, e.g. OpenBLAS). Average time per
 * call; GFLOP/s = 2 n^3 / time ({@code GflopsTable} prints them from JMH's CSV output).
 *
 * <p>For "netlib" the {@code threads} parameter is only a label: OpenBLAS takes its thread count
 * from {@code OPENBLAS_NUM_THREADS} and its kernel from {@code OPENBLAS_CORETYPE} at load time, so
 * run-matmul.sh starts one JMH invocation per setting.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MatmulBench {

    @Param({"256", "512", "1024", "2048"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    @Param({"gradus", "netlib"})
    public String impl;

    private float[] a, b, c;
    private BLAS blas;

    @Setup(Level.Trial)
    public void setup() {
        Random r = new Random(1);
        a = new float[n * n];
        b = new float[n * n];
        c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
            b[i] = r.nextFloat() - 0.5f;
        }
        blas = engine(impl, threads);
    }

    /**
     * Sets up the engine a product benchmark runs on: Gradus's thread count, or netlib's native BLAS
     * (null for Gradus). Shared with {@link ProductsBench}, so both print the same header and warn
     * alike when OPENBLAS_NUM_THREADS does not match the {@code threads} label.
     */
    static BLAS engine(String impl, int threads) {
        switch (impl) {
            case "gradus":
                Parallel.setThreads(threads);
                System.out.println("# gradus sgemm: " + Gemm.implementation() + ", threads " + Parallel.threads()
                        + ", java " + System.getProperty("java.version"));
                return null;
            case "netlib":
                BLAS blas = BLAS.getInstance();
                String env = System.getenv("OPENBLAS_NUM_THREADS");
                System.out.println("# netlib sgemm: " + blas.getClass().getName() + ", OPENBLAS_NUM_THREADS=" + env
                        + ", OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE"));
                if (env == null || !env.trim().equals(Integer.toString(threads))) {
                    System.out.println("# WARNING: threads=" + threads + " is only a label for netlib; set OPENBLAS_NUM_THREADS="
                            + threads);
                }
                return blas;
            default:
                throw new IllegalArgumentException("impl: expected gradus or netlib, got " + impl);
        }
    }

    @Benchmark
    public float[] sgemm() {
        if (blas != null) {
            // netlib is column-major (Fortran): row-major C = A B is column-major C^T = B^T A^T.
            blas.sgemm("N", "N", n, n, n, 1f, b, n, a, n, 0f, c, n);
        } else {
            Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        }
        return c;
    }
}
