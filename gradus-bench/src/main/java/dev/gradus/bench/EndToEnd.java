package dev.gradus.bench;

import dev.gradus.data.Datasets;
import dev.gradus.distribution.DataParallel;
import dev.gradus.layers.Conv2D;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Flatten;
import dev.gradus.layers.Input;
import dev.gradus.layers.Layer;
import dev.gradus.layers.MaxPooling2D;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.Adam;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Gemm;
import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.training.CompileOptions;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end training runs of the issue #9 workloads through the public Keras-style API, with the
 * protocol of {@code shared/bench/peers} (one process per workload and thread count):
 * <ul>
 * <li>W1: MNIST MLP 784-512 relu-512 relu-10 softmax, sparse categorical cross-entropy, Adam 1e-3, batch 128;
 * <li>W2: Keras {@code mnist_convnet} without dropout (Conv2D 32 3x3 relu, MaxPool 2, Conv2D 64 3x3 relu,
 *     MaxPool 2, Flatten, Dense 10 softmax), Adam 1e-3, batch 128;
 * <li>W3: Dense 32 relu, Dense 1 on 32 random inputs, MSE, SGD 0.01, batch 32, 2,000 steps per pass.
 * </ul>
 * Pixels / 255, Glorot-uniform kernels and zero biases (Keras's defaults), reshuffled every epoch
 * ({@code fit(..., shuffle=True)}, fixed seed); 469 steps per MNIST epoch (last batch 96); test accuracy
 * after each epoch (not timed). The first epoch (pass) is the warm-up, the figure is the median of the others.
 *
 * <pre>args: WORKLOAD(w1|w2|w3) THREADS [EPOCHS=4] [jit]; -Dbench.replicas=N for DataParallel.replicas(N)</pre>
 * Prints one line starting with RESULT (JSON), fields as the peers' harness.
 */
public final class EndToEnd {
    static final int W3_BATCH = 32, W3_STEPS = 2000, W3_IN = 32;

    private EndToEnd() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: EndToEnd w1|w2|w3 THREADS [EPOCHS=4] [jit]");
            System.exit(2);
        }
        String w = args[0];
        int threads = Integer.parseInt(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        boolean jit = args.length > 3 && args[3].equals("jit");
        // -Dbench.replicas=N trains each global batch as N data-parallel replicas (DataParallel.replicas(N))
        int replicas = Integer.getInteger("bench.replicas", 0);
        Parallel.setThreads(threads);

        Tensor x, y, xTest = null, yTest = null;
        Sequential model;
        CompileOptions compile;
        int batch;
        if (w.equals("w3")) {
            x = Tensor.randomNormal(7, W3_STEPS * W3_BATCH, W3_IN);
            y = Tensor.randomNormal(8, W3_STEPS * W3_BATCH, 1);
            model = new Sequential(List.of(Input.of(W3_IN), new Dense(32).activation("relu"), new Dense(1)));
            compile = new CompileOptions().optimizer(new SGD(0.01)).loss("mean_squared_error");
            batch = W3_BATCH;
        } else {
            Datasets.Split mnist = Datasets.mnist();
            boolean conv = w.equals("w2");
            int[] image = conv ? new int[] {28, 28, 1} : new int[] {784};
            x = pixels(mnist.xTrain(), image);
            y = mnist.yTrain();
            xTest = pixels(mnist.xTest(), image);
            yTest = mnist.yTest();
            List<Object> layers = new ArrayList<>();
            if (conv) {
                layers.add(Input.of(28, 28, 1));
                layers.add(new Conv2D(32, 3, 3).activation("relu"));
                layers.add(new MaxPooling2D(2, 2));
                layers.add(new Conv2D(64, 3, 3).activation("relu"));
                layers.add(new MaxPooling2D(2, 2));
                layers.add(new Flatten());
                layers.add(new Dense(10).activation("softmax"));
            } else if (w.equals("w1")) {
                layers.add(Input.of(784));
                layers.add(new Dense(512).activation("relu"));
                layers.add(new Dense(512).activation("relu"));
                layers.add(new Dense(10).activation("softmax"));
            } else {
                throw new IllegalArgumentException("workload: expected w1, w2 or w3, got " + w);
            }
            model = new Sequential(layers);
            compile = new CompileOptions().optimizer(new Adam(1e-3)).loss("sparse_categorical_crossentropy")
                    .metrics("accuracy");
            batch = 128;
        }
        if (jit) compile.jitCompile(true);
        model.compile(compile);

        List<Double> secs = new ArrayList<>(), cpu = new ArrayList<>(), cpuSecs = new ArrayList<>(), acc = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            FitOptions fit = new FitOptions().batchSize(batch).epochs(1).verbose(0).shuffle(true).seed(42 + e);
            if (replicas > 0) fit.distribution(DataParallel.replicas(replicas));
            long c0 = cpuNanos(), t0 = System.nanoTime();
            model.fit(x, y, fit);
            double sec = (System.nanoTime() - t0) / 1e9;
            secs.add(sec);
            double cpuSec = (cpuNanos() - c0) / 1e9;
            cpuSecs.add(cpuSec);
            cpu.add(cpuSec / sec);
            if (xTest != null) {
                double a = model.evaluate(xTest, yTest, new EvaluateOptions().batchSize(1000).verbose(0)).get("accuracy");
                acc.add(a);
                System.err.printf(Locale.ROOT, "epoch %d: %.2f s, test accuracy %.4f, load %.2f%n", e + 1, sec, a, load1());
            } else {
                System.err.printf(Locale.ROOT, "pass %d: %.3f s (%.0f steps/s), load %.2f%n", e + 1, sec, W3_STEPS / sec, load1());
            }
        }
        double med = median(secs.subList(Math.min(1, secs.size() - 1), secs.size()));
        StringBuilder sb = new StringBuilder("RESULT {");
        field(sb, "peer", "Gradus " + System.getProperty("java.version") + " " + Gemm.implementation() + (jit ? " jit" : "")
                + (replicas > 0 ? " replicas=" + replicas : ""));
        field(sb, "workload", w);
        sb.append("\"threads\":").append(threads).append(',');
        sb.append("\"seconds\":").append(list(secs)).append(',');
        sb.append(String.format(Locale.ROOT, "\"median_s\":%.3f,", med));
        if (w.equals("w3")) sb.append(String.format(Locale.ROOT, "\"steps_per_s\":%.1f,", W3_STEPS / med));
        else sb.append("\"test_acc\":").append(list(acc)).append(',');
        sb.append("\"cpu_per_wall\":").append(list(cpu)).append(',');
        // process CPU seconds per epoch: on a loaded host, what the run cost rather than how long it waited
        sb.append("\"cpu_seconds\":").append(list(cpuSecs)).append(',');
        sb.append("\"peak_rss_mb\":").append(procStatus("VmHWM") / 1024).append(',');
        sb.append("\"os_threads\":").append(procStatus("Threads")).append(',');
        sb.append(String.format(Locale.ROOT, "\"load1\":%.2f}", load1()));
        System.out.println(sb);
    }

    /** Pixels 0-255 to float32 / 255 in the model's input shape. */
    private static Tensor pixels(Tensor images, int[] image) {
        int[] dims = new int[image.length + 1];
        dims[0] = images.shape().get(0);
        System.arraycopy(image, 0, dims, 1, image.length);
        return Ops.reshape(Ops.div(images, 255.0), Shape.of(dims));
    }

    private static void field(StringBuilder sb, String k, String v) {
        sb.append('"').append(k).append("\":\"").append(v.replace("\"", "'")).append("\",");
    }

    private static String list(List<Double> v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.4f", v.get(i)));
        return sb.append(']').toString();
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double load1() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** A numeric field of /proc/self/status (VmHWM in kB, Threads a count); -1 where there is none. */
    private static long procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
