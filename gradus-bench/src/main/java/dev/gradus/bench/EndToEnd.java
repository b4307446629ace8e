package dev.gradus.bench;

import dev.gradus.Gradus;
import dev.gradus.data.Datasets;
import dev.gradus.distribution.DataParallel;
import dev.gradus.layers.Bidirectional;
import dev.gradus.layers.Conv2D;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Dropout;
import dev.gradus.layers.Embedding;
import dev.gradus.layers.Flatten;
import dev.gradus.layers.GlobalAveragePooling1D;
import dev.gradus.layers.Input;
import dev.gradus.layers.LSTM;
import dev.gradus.layers.LayerNormalization;
import dev.gradus.layers.MaxPooling2D;
import dev.gradus.layers.MultiHeadAttention;
import dev.gradus.models.Model;
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
import dev.gradus.training.PredictOptions;
import java.util.List;

/**
 * End-to-end runs of the benchmark workloads through the public Keras-style API, with the protocol of
 * {@code shared/bench/peers} (one process per workload and thread count; {@link Report} prints the figures):
 * <ul>
 * <li>W1: MNIST MLP 784-512 relu-512 relu-10 softmax, sparse categorical cross-entropy, Adam 1e-3, batch 128;
 * <li>W2: Keras {@code mnist_convnet} without dropout (Conv2D 32 3x3 relu, MaxPool 2, Conv2D 64 3x3 relu,
 *     MaxPool 2, Flatten, Dense 10 softmax), Adam 1e-3, batch 128;
 * <li>W3: Dense 32 relu, Dense 1 on 32 random inputs, MSE, SGD 0.01, batch 32, 2,000 steps per pass;
 * <li>W4: Embedding(20000, 128), Bidirectional(LSTM(64)), Dense(1, sigmoid), binary cross-entropy, Adam 1e-3,
 *     batch 64, on 25,000 {@link SyntheticReviews} of length 200 (test: 5,000 others);
 * <li>W5: keras.io {@code text_classification_with_transformer} (token + position embedding 32, one transformer
 *     block with 2 heads, key_dim 32, feed-forward 32, dropout 0.1), Adam 1e-3, batch 32, the same data;
 * <li>W6: inference with W1's and W2's models after one training epoch: batch-1 {@code predict} latency
 *     (20,000 warm-up calls, 5,000 timed, p50/p99: a service's steady state; C2 compiles the per-call methods
 *     after some 15,000 calls, and until then its thread takes one of the two cores now and then) and
 *     batch-1024 {@code predict} throughput over the 10,000 test images (2 warm-up passes, median of 5).
 * </ul>
 * Glorot-uniform kernels and zero biases (Keras's defaults), reshuffled every epoch ({@code fit(...,
 * shuffle=True)}, fixed seed); test accuracy after each epoch (not timed). The first epoch is the warm-up,
 * the figure the median of the others.
 *
 * <pre>args: WORKLOAD(w1..w6) THREADS [EPOCHS=4] [jit]; -Dbench.replicas=N for DataParallel.replicas(N),
 * -Dbench.seed=N for Gradus.setRandomSeed(N) (default 1)</pre>
 */
public final class EndToEnd {
    static final int W3_BATCH = 32, W3_STEPS = 2000, W3_IN = 32;
    static final int VOCAB = 20000, MAXLEN = 200, REVIEWS = 25000, TEST_REVIEWS = 5000;
    static final int LATENCY_WARMUP = 100_000, LATENCY_CALLS = 20_000, THROUGHPUT_BATCH = 1024;

    private EndToEnd() {}

    /** One workload's data, model and training arguments. */
    private record Workload(Tensor x, Tensor y, Tensor xTest, Tensor yTest, Model model, CompileOptions compile, int batch) {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: EndToEnd w1|w2|w3|w4|w5|w6 THREADS [EPOCHS=4] [jit]");
            System.exit(2);
        }
        String w = args[0];
        int threads = Integer.parseInt(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        boolean jit = args.length > 3 && args[3].equals("jit");
        // -Dbench.replicas=N trains each global batch as N data-parallel replicas (DataParallel.replicas(N))
        int replicas = Integer.getInteger("bench.replicas", 0);
        Parallel.setThreads(threads);
        // keras.utils.set_random_seed: the initial weights, dropout masks and shuffles are the same run after run
        // (-Dbench.seed=N draws another set, for the spread of the accuracy across initialisations)
        Gradus.setRandomSeed(Long.getLong("bench.seed", 1));
        Report report = new Report("Gradus " + System.getProperty("java.version") + " " + Gemm.implementation()
                + (jit ? " jit" : "") + (replicas > 0 ? " replicas=" + replicas : ""), w, threads);
        if (w.equals("w6")) {
            inference(report, "mlp", workload("w1", jit), replicas);
            inference(report, "convnet", workload("w2", jit), replicas);
            report.print(0);
            return;
        }
        Workload run = workload(w, jit);
        for (int e = 0; e < epochs; e++) {
            report.start();
            run.model.fit(run.x, run.y, fit(run, e, replicas));
            double sec = report.stop();
            if (run.xTest != null) report.accuracy(accuracy(run));
            else System.out.printf(java.util.Locale.ROOT, "pass %d: %.3f s (%.0f steps/s)%n", e + 1, sec, W3_STEPS / sec);
        }
        report.print(w.equals("w3") ? W3_STEPS : 0);
    }

    private static FitOptions fit(Workload run, int epoch, int replicas) {
        FitOptions fit = new FitOptions().batchSize(run.batch).epochs(1).verbose(0).shuffle(true).seed(42 + epoch);
        if (replicas > 0) fit.distribution(DataParallel.replicas(replicas));
        return fit;
    }

    private static double accuracy(Workload run) {
        return run.model.evaluate(run.xTest, run.yTest, new EvaluateOptions().batchSize(1000).verbose(0)).get("accuracy");
    }

    /** W6 for one model: one training epoch, then batch-1 latency and batch-1024 throughput of {@code predict}. */
    private static void inference(Report report, String name, Workload run, int replicas) {
        run.model.fit(run.x, run.y, fit(run, 0, replicas));
        System.out.printf(java.util.Locale.ROOT, "%s trained one epoch, test accuracy %.4f%n", name, accuracy(run));
        int n = run.xTest.dim(0);
        int[] one = run.xTest.shape().dims().clone();
        one[0] = 1;
        int sample = run.xTest.size() / n;
        float[] images = run.xTest.toFloatArray();
        long[] nanos = new long[LATENCY_CALLS];
        float sink = 0;
        PredictOptions quiet = new PredictOptions().verbose(0);
        for (int i = 0; i < LATENCY_WARMUP + LATENCY_CALLS; i++) {
            // a service's request: one image copied into a new tensor, the scores read back
            int at = (i % n) * sample;
            long t0 = System.nanoTime();
            Tensor x = Tensor.of(java.util.Arrays.copyOfRange(images, at, at + sample), one);
            float[] scores = run.model.predict(x, quiet).toFloatArray();
            long t = System.nanoTime() - t0;
            sink += scores[0];
            if (i >= LATENCY_WARMUP) nanos[i - LATENCY_WARMUP] = t;
        }
        report.latencies(name, nanos);
        PredictOptions big = new PredictOptions().batchSize(THROUGHPUT_BATCH).verbose(0);
        List<Double> passes = new java.util.ArrayList<>();
        for (int pass = 0; pass < 7; pass++) {
            long t0 = System.nanoTime();
            sink += run.model.predict(run.xTest, big).toFloatArray()[0];
            if (pass >= 2) passes.add((System.nanoTime() - t0) / 1e9);
        }
        report.figure("throughput_" + name, n / Report.median(passes));
        if (sink == 42.4242f) System.out.println(); // keeps the results live
    }

    private static Workload workload(String w, boolean jit) {
        Workload run = switch (w) {
            case "w1", "w2" -> mnist(w.equals("w2"));
            case "w3" -> new Workload(Tensor.randomNormal(7, W3_STEPS * W3_BATCH, W3_IN), Tensor.randomNormal(8, W3_STEPS * W3_BATCH, 1),
                    null, null, new Sequential(List.of(Input.of(W3_IN), new Dense(32).activation("relu"), new Dense(1))),
                    new CompileOptions().optimizer(new SGD(0.01)).loss("mean_squared_error"), W3_BATCH);
            case "w4", "w5" -> reviews(w.equals("w5"));
            default -> throw new IllegalArgumentException("workload: expected w1, w2, w3, w4, w5 or w6, got " + w);
        };
        if (jit) run.compile.jitCompile(true);
        run.model.compile(run.compile);
        return run;
    }

    private static Workload mnist(boolean conv) {
        Datasets.Split mnist = Datasets.mnist();
        int[] image = conv ? new int[] {28, 28, 1} : new int[] {784};
        Sequential model = conv
                ? new Sequential(List.of(Input.of(28, 28, 1), new Conv2D(32, 3, 3).activation("relu"), new MaxPooling2D(2, 2),
                        new Conv2D(64, 3, 3).activation("relu"), new MaxPooling2D(2, 2), new Flatten(),
                        new Dense(10).activation("softmax")))
                : new Sequential(List.of(Input.of(784), new Dense(512).activation("relu"), new Dense(512).activation("relu"),
                        new Dense(10).activation("softmax")));
        return new Workload(pixels(mnist.xTrain(), image), mnist.yTrain(), pixels(mnist.xTest(), image), mnist.yTest(), model,
                new CompileOptions().optimizer(new Adam(1e-3)).loss("sparse_categorical_crossentropy").metrics("accuracy"), 128);
    }

    private static Workload reviews(boolean transformer) {
        SyntheticReviews generator = new SyntheticReviews(VOCAB);
        // -Dbench.examples=N trains on N reviews instead (profiling and smoke runs only)
        int count = Integer.getInteger("bench.examples", REVIEWS);
        SyntheticReviews.Split train = generator.generate(count, MAXLEN, 1), test = generator.generate(TEST_REVIEWS, MAXLEN, 2);
        Tensor x = Tensor.of(train.tokensAsFloats(), count, MAXLEN), y = Tensor.of(train.labelsAsFloats(), count, 1);
        Tensor xTest = Tensor.of(test.tokensAsFloats(), TEST_REVIEWS, MAXLEN), yTest = Tensor.of(test.labelsAsFloats(), TEST_REVIEWS, 1);
        if (!transformer) {
            Sequential model = new Sequential(List.of(Input.of(MAXLEN), new Embedding(VOCAB, 128), new Bidirectional(new LSTM(64)),
                    new Dense(1).activation("sigmoid")));
            return new Workload(x, y, xTest, yTest, model,
                    new CompileOptions().optimizer(new Adam(1e-3)).loss("binary_crossentropy").metrics("accuracy"), 64);
        }
        Model model = new TransformerClassifier();
        model.buildFor(1, MAXLEN);
        return new Workload(x, y, xTest, yTest, model,
                new CompileOptions().optimizer(new Adam(1e-3)).loss("sparse_categorical_crossentropy").metrics("accuracy"), 32);
    }

    /**
     * keras.io's text_classification_with_transformer as a subclassed model: TokenAndPositionEmbedding and
     * TransformerBlock written out in {@code call}, as the example's two custom layers do.
     */
    static final class TransformerClassifier extends Model {
        static final int EMBED = 32, HEADS = 2, FEED_FORWARD = 32;
        final Embedding tokens = new Embedding(VOCAB, EMBED), positions = new Embedding(MAXLEN, EMBED);
        final MultiHeadAttention attention = new MultiHeadAttention(HEADS, EMBED);
        final Dense feedForward = new Dense(FEED_FORWARD).activation("relu"), feedForwardOut = new Dense(EMBED);
        final LayerNormalization norm1 = new LayerNormalization().epsilon(1e-6), norm2 = new LayerNormalization().epsilon(1e-6);
        final Dropout dropout1 = new Dropout(0.1), dropout2 = new Dropout(0.1), dropout3 = new Dropout(0.1), dropout4 = new Dropout(0.1);
        final GlobalAveragePooling1D pool = new GlobalAveragePooling1D();
        final Dense hidden = new Dense(20).activation("relu"), classes = new Dense(2).activation("softmax");
        final Tensor range;

        TransformerClassifier() {
            float[] r = new float[MAXLEN];
            for (int i = 0; i < MAXLEN; i++) r[i] = i;
            range = Tensor.of(r, MAXLEN);
        }

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            Tensor x = Ops.add(tokens.apply(inputs, training), positions.apply(range, training));
            Tensor attended = dropout1.apply(attention.apply(List.of(x, x), training), training);
            Tensor out1 = norm1.apply(Ops.add(x, attended), training);
            Tensor ffn = dropout2.apply(feedForwardOut.apply(feedForward.apply(out1, training), training), training);
            Tensor block = norm2.apply(Ops.add(out1, ffn), training);
            Tensor h = dropout3.apply(pool.apply(block, training), training);
            return classes.apply(dropout4.apply(hidden.apply(h, training), training), training);
        }
    }

    /**
     * Pixels 0-255 to float32 / 255 in the model's input shape, scaled in place: the loaded tensor is ours alone,
     * and a second 188 MB copy would set the run's peak memory.
     */
    private static Tensor pixels(Tensor images, int[] image) {
        int[] dims = new int[image.length + 1];
        dims[0] = images.shape().get(0);
        System.arraycopy(image, 0, dims, 1, image.length);
        float[] values = images.unsafeBuffer();
        for (int i = 0; i < values.length; i++) values[i] /= 255f;
        return Tensor.wrap(values, Shape.of(dims));
    }
}
