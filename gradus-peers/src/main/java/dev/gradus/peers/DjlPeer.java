package dev.gradus.peers;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.gradus.bench.Report;
import dev.gradus.bench.SyntheticReviews;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end workloads on PyTorch through Deep Java Library (CPU, offline), measured with Gradus's own
 * {@link Report} so that every field of the RESULT line means what it means for Gradus's runs.
 *
 * <pre>args: WORKLOAD(w1|w2|w4|w5|w6) THREADS [EPOCHS=4]</pre>
 * <ul>
 * <li>w1: MNIST MLP 784-512 relu-512 relu-10, w2: Keras {@code mnist_convnet} without dropout; Adam 1e-3,
 *     batch 128, softmax cross-entropy from logits (as {@code shared/bench/peers}).
 * <li>w4: Embedding(20000, 128), Bidirectional(LSTM(64)) ({@link BidirectionalLstm}: the final h of each direction),
 *     Dense(1) logit, binary cross-entropy on the clipped sigmoid probability as Keras computes it for
 *     {@code Dense(1, activation="sigmoid")} ({@link ClippedBinaryCrossEntropy}); Adam 1e-3, batch 64,
 *     {@link SyntheticReviews} (25,000 x 200).
 * <li>w5: keras.io's {@code text_classification_with_transformer} ({@link TextTransformer}), Adam 1e-3,
 *     batch 32, the same reviews; the loss on clipped softmax probabilities, as keras.io's program computes it
 *     on Keras's JAX and PyTorch backends and on Gradus ({@link ClippedCrossEntropy}).
 * <li>w6: inference: W1's MLP and W2's convnet each trained one epoch, then batch-1 latency (20,000
 *     warm-up calls, 5,000 timed) and batch-1024 throughput over the 10,000 test images (2 warm-up passes, 5 timed).
 * </ul>
 * Training: EPOCHS epochs including the warm-up, reshuffled every epoch (java.util.Random(42)), each batch
 * copied from Java arrays into a new NDArray, test accuracy after every epoch (not timed). Kernels are
 * Glorot uniform and biases zero (Keras's defaults); see {@link KerasInit} and the README for the rest.
 * MNIST comes from {@code $GRADUS_DATA/mnist} (default {@code ../shared/data/mnist}).
 */
public final class DjlPeer {
    private static final Logger LOG = LoggerFactory.getLogger(DjlPeer.class);

    static final int VOCAB = 20000, MAXLEN = 200;
    /** W6's batch-1 protocol, the same as EndToEnd's: a service's steady state. */
    static final int LATENCY_WARMUP = 100_000, LATENCY_CALLS = 20_000;

    /** Examples as rows: float features (MNIST pixels / 255) or int64 tokens, and class ids. */
    record Split(float[] x, long[] tokens, int[] y, int count, int features) {}

    /** A model with its trainer; {@code sample} is one example's shape, {@code binary}: one logit, 0/1 labels. */
    record Net(Model model, Trainer trainer, long[] sample, boolean binary) {
        Shape shape(long n) {
            long[] s = new long[sample.length + 1];
            s[0] = n;
            System.arraycopy(sample, 0, s, 1, sample.length);
            return new Shape(s);
        }

        void close() {
            trainer.close();
            model.close();
        }
    }

    private DjlPeer() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            LOG.error("usage: DjlPeer w1|w2|w4|w5|w6 THREADS [EPOCHS=4], got {} argument(s)", args.length);
            System.exit(2);
        }
        String w = args[0];
        int threads = Integer.parseInt(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        // never reach out: no engine download, no usage ping; PyTorch comes from the pytorch-native-cpu jar
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        // read by the PyTorch engine when it loads, which happens below
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp == null || !omp.equals(String.valueOf(threads)))
            LOG.warn("OMP_NUM_THREADS is {}, not {} (gradus-peers/run sets it)", omp, threads);
        Engine engine = Engine.getEngine("PyTorch");
        // -Dbench.seed=N: another draw of the initial weights and dropout masks (the shuffles stay Random(42)),
        // for the spread of the accuracy across initialisations, as EndToEnd's -Dbench.seed
        engine.setRandomSeed(Integer.getInteger("bench.seed", 42));
        String describe = "DJL " + Engine.getDjlVersion() + " PyTorch " + engine.getVersion() + " intra-op "
                + JniUtils.getNumThreads() + " inter-op " + JniUtils.getNumInteropThreads();
        // libgomp's wait policy changes 2-thread times by 20x on an oversubscribed host: name it when it is set
        String wait = System.getenv("OMP_WAIT_POLICY");
        if (wait != null && !wait.isEmpty()) describe += " OMP_WAIT_POLICY=" + wait.toLowerCase(java.util.Locale.ROOT);
        System.out.println(describe);
        Report report = new Report(describe, w, threads);
        switch (w) {
            case "w1", "w2" -> {
                Split[] mnist = mnist();
                Net net = build(w);
                train(net, mnist[0], mnist[1], 128, epochs, report);
                net.close();
            }
            case "w4", "w5" -> {
                SyntheticReviews reviews = new SyntheticReviews(VOCAB);
                Split train = reviews(reviews.generate(25000, MAXLEN, 1)), test = reviews(reviews.generate(5000, MAXLEN, 2));
                Net net = build(w);
                train(net, train, test, w.equals("w4") ? 64 : 32, epochs, report);
                net.close();
            }
            case "w6" -> inference(report);
            default -> throw new IllegalArgumentException("workload: expected w1, w2, w4, w5 or w6, got " + w);
        }
        report.print(0);
    }

    static Net build(String w) {
        Block block;
        long[] sample;
        Loss loss = Loss.softmaxCrossEntropyLoss(); // from logits and sparse labels, as Keras does internally
        TokenEmbedding embedding = null;
        BidirectionalLstm lstm = null;
        TextTransformer transformer = null;
        switch (w) {
            case "w1" -> {
                block = new SequentialBlock()
                        .add(Linear.builder().setUnits(512).build()).add(Activation::relu)
                        .add(Linear.builder().setUnits(512).build()).add(Activation::relu)
                        .add(Linear.builder().setUnits(10).build());
                sample = new long[] {784};
            }
            case "w2" -> {
                block = new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build()).add(Activation::relu)
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build()).add(Activation::relu)
                        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                        .add(Blocks.batchFlattenBlock())
                        .add(Linear.builder().setUnits(10).build());
                sample = new long[] {1, 28, 28}; // PyTorch's NCHW
            }
            case "w4" -> {
                embedding = new TokenEmbedding(VOCAB, 128);
                lstm = new BidirectionalLstm(64);
                block = new SequentialBlock().add(embedding).add(lstm).add(Linear.builder().setUnits(1).build());
                sample = new long[] {MAXLEN};
                loss = new ClippedBinaryCrossEntropy(); // Keras's sigmoid output and clipped probability loss
            }
            case "w5" -> {
                block = transformer = new TextTransformer(VOCAB, MAXLEN);
                sample = new long[] {MAXLEN};
                loss = new ClippedCrossEntropy(); // keras.io's softmax output and probability cross-entropy
            }
            default -> throw new IllegalArgumentException(w);
        }
        Model model = Model.newInstance(w, Device.cpu(), "PyTorch");
        model.setBlock(block);
        // Keras's Adam: its default epsilon 1e-7 (DJL's is 1e-8); DJL already folds the bias corrections into the step size as Keras does
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).optEpsilon(1e-7f).build();
        DefaultTrainingConfig cfg = new DefaultTrainingConfig(loss).optOptimizer(adam).optDevices(new Device[] {Device.cpu()})
                .optInitializer(KerasInit.glorotUniform(), Parameter.Type.WEIGHT); // biases: zeros (DJL's default)
        Trainer trainer = model.newTrainer(cfg);
        // Keras's other defaults, set after newTrainer (which applies the config's) and before initialize
        if (embedding != null) embedding.table().setInitializer(KerasInit.uniform(0.05));
        if (lstm != null) {
            var orthogonal = KerasInit.orthogonal(Integer.getInteger("bench.seed", 42));
            for (Parameter p : lstm.getParameters().values()) {
                if (p.getName().endsWith("h2h_WEIGHT")) p.setInitializer(orthogonal);
                else if (p.getName().endsWith("i2h_BIAS")) p.setInitializer(KerasInit.forgetBias(64));
            }
        }
        if (transformer != null) transformer.setKerasInitializers();
        Net net = new Net(model, trainer, sample, w.equals("w4"));
        trainer.initialize(net.shape(1));
        if (lstm != null) {
            // PyTorch's LSTM adds two bias vectors (input side and recurrent side) where Keras's has one; both
            // trained, Adam moves their sum twice as fast as Keras moves its bias. The recurrent one stays at 0.
            for (Parameter p : lstm.getParameters().values()) if (p.getName().endsWith("h2h_BIAS")) p.freeze(true);
        }
        if (Boolean.getBoolean("peers.debug"))
            block.getParameters().forEach(p -> {
                NDArray a = p.getValue().getArray();
                LOG.info(String.format(java.util.Locale.ROOT, "%s %s sum %.4f sum of squares %.4f max |.| %.4f", p.getKey(),
                        a.getShape(), a.sum().getFloat(), a.square().sum().getFloat(), a.abs().max().getFloat()));
            });
        return net;
    }

    /** EPOCHS timed epochs with test accuracy after each, into the report. */
    static void train(Net net, Split train, Split test, int batch, int epochs, Report report) {
        // -Dpeers.examples=N trains on the first N examples only: a smoke test, not a measurement
        int limit = Integer.getInteger("peers.examples", train.count());
        if (limit < train.count()) train = new Split(train.x(), train.tokens(), train.y(), limit, train.features());
        int[] order = new int[train.count()];
        Arrays.setAll(order, i -> i);
        Random random = new Random(42);
        for (int e = 0; e < epochs; e++) {
            shuffle(order, random);
            report.start();
            epoch(net, train, order, batch);
            report.stop();
            report.accuracy(accuracy(net, test));
        }
    }

    static void epoch(Net net, Split s, int[] order, int batch) {
        int f = s.features();
        float[] bx = s.x() != null ? new float[batch * f] : null;
        long[] bt = s.tokens() != null ? new long[batch * f] : null;
        float[] by = new float[batch];
        long[] byClass = new long[batch];
        for (int b = 0; b < s.count(); b += batch) {
            int n = Math.min(batch, s.count() - b);
            for (int i = 0; i < n; i++) {
                int src = order[b + i];
                if (bx != null) System.arraycopy(s.x(), src * f, bx, i * f, f);
                else System.arraycopy(s.tokens(), src * f, bt, i * f, f);
                by[i] = s.y()[src];
                byClass[i] = s.y()[src];
            }
            Trainer trainer = net.trainer();
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray xa = bx != null ? m.create(n == batch ? bx : Arrays.copyOf(bx, n * f), net.shape(n))
                        : m.create(n == batch ? bt : Arrays.copyOf(bt, n * f), net.shape(n));
                NDArray ya = net.binary() ? m.create(n == batch ? by : Arrays.copyOf(by, n), new Shape(n, 1))
                        : m.create(n == batch ? byClass : Arrays.copyOf(byClass, n), new Shape(n));
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList pred = trainer.forward(new NDList(xa));
                    gc.backward(trainer.getLoss().evaluate(new NDList(ya), pred));
                }
                trainer.step();
            }
        }
    }

    static double accuracy(Net net, Split s) {
        int bs = s.tokens() != null ? 250 : 1000, f = s.features(), correct = 0;
        for (int b = 0; b < s.count(); b += bs) {
            int n = Math.min(bs, s.count() - b);
            try (NDManager m = net.trainer().getManager().newSubManager()) {
                NDArray x = s.x() != null ? m.create(Arrays.copyOfRange(s.x(), b * f, (b + n) * f), net.shape(n))
                        : m.create(Arrays.copyOfRange(s.tokens(), b * f, (b + n) * f), net.shape(n));
                NDArray logits = net.trainer().evaluate(new NDList(x)).singletonOrThrow();
                NDArray classes = net.binary() ? logits.reshape(n).gt(0) : logits.argMax(1);
                int[] c = classes.toType(DataType.INT32, false).toIntArray();
                for (int i = 0; i < n; i++) if (c[i] == s.y()[b + i]) correct++;
            }
        }
        return correct / (double) s.count();
    }

    /** W6: batch-1 latency and batch-1024 throughput of W1's MLP and W2's convnet, each trained one epoch. */
    static void inference(Report report) throws IOException {
        Split[] mnist = mnist();
        Split train = mnist[0], test = mnist[1];
        int f = test.features();
        int[] order = new int[train.count()];
        Arrays.setAll(order, i -> i);
        shuffle(order, new Random(42));
        List<Net> nets = new ArrayList<>();
        for (String w : new String[] {"w1", "w2"}) {
            Net net = build(w);
            long t0 = System.nanoTime();
            epoch(net, train, order, 128);
            System.out.printf(java.util.Locale.ROOT, "%s: one training epoch %.2f s, test accuracy %.4f%n", w, (System.nanoTime() - t0) / 1e9,
                    accuracy(net, test));
            nets.add(net);
        }
        JniUtils.setGradMode(false); // inference: no autograd graph (no GradientCollector is open either)
        String[] names = {"mlp", "convnet"};
        double sink = 0;
        for (int k = 0; k < 2; k++) {
            Net net = nets.get(k);
            Trainer trainer = net.trainer();
            // batch 1: one test image copied into a new NDArray, forward, the scores back into a float[]
            float[] one = new float[f];
            long[] nanos = new long[LATENCY_CALLS];
            for (int i = 0; i < LATENCY_WARMUP + nanos.length; i++) {
                System.arraycopy(test.x(), (i % test.count()) * f, one, 0, f);
                long t0 = System.nanoTime();
                try (NDManager m = trainer.getManager().newSubManager()) {
                    float[] scores = trainer.evaluate(new NDList(m.create(one, net.shape(1)))).singletonOrThrow().toFloatArray();
                    long dt = System.nanoTime() - t0;
                    if (i >= LATENCY_WARMUP) nanos[i - LATENCY_WARMUP] = dt;
                    sink += scores[0];
                }
            }
            report.latencies(names[k], nanos);
            // batch 1024: the 10,000 test images (10 batches, the last 784), 2 warm-up passes then 5 timed
            List<float[]> batches = new ArrayList<>();
            for (int b = 0; b < test.count(); b += 1024)
                batches.add(Arrays.copyOfRange(test.x(), b * f, Math.min(b + 1024, test.count()) * f));
            List<Double> passes = new ArrayList<>();
            for (int p = 0; p < 7; p++) {
                long t0 = System.nanoTime();
                for (float[] xb : batches) {
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        float[] scores = trainer.evaluate(new NDList(m.create(xb, net.shape(xb.length / f))))
                                .singletonOrThrow().toFloatArray();
                        sink += scores[0];
                    }
                }
                if (p >= 2) passes.add((System.nanoTime() - t0) / 1e9);
            }
            report.figure("throughput_" + names[k], test.count() / Report.median(passes));
        }
        if (sink == 42) System.out.println("(sink)");
        for (Net net : nets) net.close();
    }

    static Split reviews(SyntheticReviews.Split s) {
        int[] t = s.tokens();
        long[] tokens = new long[t.length];
        for (int i = 0; i < t.length; i++) tokens[i] = t[i];
        return new Split(null, tokens, s.labels(), s.count(), s.maxlen());
    }

    /** MNIST's training and test splits from {@code $GRADUS_DATA/mnist}, pixels / 255 as float32. */
    static Split[] mnist() throws IOException {
        String data = System.getenv("GRADUS_DATA");
        Path dir = Path.of(data != null && !data.isEmpty() ? data : "../shared/data").resolve("mnist");
        return new Split[] {
            images(dir.resolve("train-images-idx3-ubyte.gz"), labels(dir.resolve("train-labels-idx1-ubyte.gz"))),
            images(dir.resolve("t10k-images-idx3-ubyte.gz"), labels(dir.resolve("t10k-labels-idx1-ubyte.gz")))
        };
    }

    private static Split images(Path file, int[] labels) throws IOException {
        try (DataInputStream in = open(file, 2051)) {
            int n = in.readInt(), rows = in.readInt(), cols = in.readInt();
            byte[] raw = in.readNBytes(n * rows * cols);
            if (raw.length != n * rows * cols || n != labels.length) throw new IOException("truncated or mismatched " + file);
            float[] x = new float[raw.length];
            for (int i = 0; i < raw.length; i++) x[i] = (raw[i] & 0xff) / 255f;
            return new Split(x, null, labels, n, rows * cols);
        }
    }

    private static int[] labels(Path file) throws IOException {
        try (DataInputStream in = open(file, 2049)) {
            int n = in.readInt();
            byte[] raw = in.readNBytes(n);
            if (raw.length != n) throw new IOException("truncated " + file);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) y[i] = raw[i] & 0xff;
            return y;
        }
    }

    private static DataInputStream open(Path file, int magic) throws IOException {
        InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        int m = in.readInt();
        if (m != magic) {
            in.close();
            throw new IOException(file + ": magic " + m + ", expected " + magic);
        }
        return in;
    }

    static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
