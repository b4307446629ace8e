package dev.gradus.bench;

import dev.gradus.data.Batch;
import dev.gradus.data.Dataset;
import dev.gradus.data.Idx;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Parallel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The input pipeline at MNIST size. One epoch of {@code fromTensors(x, y).shuffle(seed).batch(128)}
 * over 60,000 x 784 floats: the index fast path, the generic per-sample path (forced by a
 * {@code map}), and the floor measured in the same run: a hand-written shuffle and row copy into
 * fresh arrays, the same memory traffic with no pipeline. Reading MNIST's training images (IDX,
 * gzip) against decompression alone. The IDX file is {@code $GRADUS_DATA/mnist}'s when present,
 * else a generated one of the same shape.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DatasetBench {

    @State(Scope.Benchmark)
    public static class Epoch {
        @Param({"1", "2"})
        public int threads;

        final int n = 60000, features = 784, batch = 128;
        Tensor x, y;
        float[] xs, ys;
        Dataset fast, generic;

        @Setup(Level.Trial)
        public void setup() {
            Parallel.setThreads(threads);
            x = Tensor.randomUniform(1L, n, features);
            y = Tensor.randomUniform(2L, n);
            xs = x.toFloatArray();
            ys = y.toFloatArray();
            fast = Dataset.fromTensors(x, y).shuffle(42).batch(batch);
            generic = Dataset.fromTensors(x, y).map(b -> b).shuffle(42).batch(batch);
        }
    }

    @Benchmark
    public void epochFastPath(Epoch s, Blackhole bh) {
        for (Batch b : s.fast) bh.consume(b);
    }

    @Benchmark
    public void epochGenericPath(Epoch s, Blackhole bh) {
        for (Batch b : s.generic) bh.consume(b);
    }

    /** The floor: a Fisher-Yates permutation, then each batch's rows copied into new arrays. */
    @Benchmark
    public void epochFloorHandWritten(Epoch s, Blackhole bh) {
        int n = s.n, f = s.features;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        Random r = new Random(42);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (int at = 0; at < n; at += s.batch) {
            int m = Math.min(s.batch, n - at);
            float[] bx = new float[m * f], by = new float[m];
            for (int k = 0; k < m; k++) {
                int row = perm[at + k];
                System.arraycopy(s.xs, row * f, bx, k * f, f);
                by[k] = s.ys[row];
            }
            bh.consume(bx);
            bh.consume(by);
        }
    }

    @State(Scope.Benchmark)
    public static class File {
        Path file;
        boolean generated;

        @Setup(Level.Trial)
        public void setup() throws IOException {
            String root = System.getenv("GRADUS_DATA");
            Path shared = root == null ? null : Path.of(root, "mnist", "train-images-idx3-ubyte.gz");
            if (shared != null && Files.isRegularFile(shared)) {
                file = shared;
                return;
            }
            // a stand-in with MNIST's shape and roughly its sparsity (80% background zeros)
            generated = true;
            file = Files.createTempFile("mnist-like", ".gz");
            Random r = new Random(7);
            byte[] pixels = new byte[60000 * 28 * 28];
            for (int i = 0; i < pixels.length; i++) pixels[i] = r.nextInt(5) == 0 ? (byte) r.nextInt(256) : 0;
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
                out.writeInt(0x00000803);
                out.writeInt(60000);
                out.writeInt(28);
                out.writeInt(28);
                out.write(pixels);
            }
            Files.write(file, raw.toByteArray());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            if (generated) Files.deleteIfExists(file);
        }
    }

    @Benchmark
    public Tensor idxReadTrainImages(File s) {
        return Idx.read(s.file);
    }

    /** The floor: gunzip the same file into a byte[] (no parsing, no conversion to float). */
    @Benchmark
    public byte[] gunzipOnly(File s) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(s.file), 1 << 16)) {
            return in.readAllBytes();
        }
    }
}
