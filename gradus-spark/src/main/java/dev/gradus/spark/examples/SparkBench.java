package dev.gradus.spark.examples;

import dev.gradus.Gradus;
import dev.gradus.data.Datasets;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.Adam;
import dev.gradus.optimizers.SGD;
import dev.gradus.spark.SparkDataParallel;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The README's Spark workloads, run as a Spark application ({@code spark-submit --class
 * dev.gradus.spark.examples.SparkBench}): W1, the MNIST MLP 784-512-512-10 (Adam 1e-3, batch 128),
 * timed per epoch, with the test accuracy after the last; W3, Dense 32 relu then Dense 1 on random
 * data (SGD, batch 32), as steps per second on Spark and on the driver alone, whose difference is a
 * Spark step's fixed cost. The master comes from {@code spark-submit} (or {@code -Dspark.master}).
 *
 * <pre>args: w1|w3 [REPLICAS=2] [EPOCHS=3 (w1) | STEPS=300 (w3)]</pre>
 */
public final class SparkBench {
    private SparkBench() {}

    public static void main(String[] args) {
        if (args.length < 1 || !(args[0].equals("w1") || args[0].equals("w3"))) {
            System.err.println("usage: SparkBench w1|w3 [REPLICAS=2] [EPOCHS=3 | STEPS=300]");
            System.exit(2);
        }
        int replicas = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Gradus.setRandomSeed(1); // the initial weights, so that runs on any cluster with the same replicas agree bit for bit
        SparkSession spark = SparkSession.builder().appName("gradus-" + args[0]).getOrCreate();
        try {
            SparkDataParallel d = SparkDataParallel.of(spark, replicas);
            System.out.printf(Locale.ROOT, "master %s, %d replicas%n", spark.sparkContext().master(), replicas);
            if (args[0].equals("w1")) w1(d, args.length > 2 ? Integer.parseInt(args[2]) : 3);
            else w3(d, args.length > 2 ? Integer.parseInt(args[2]) : 300);
        } finally {
            spark.stop();
        }
    }

    private static void w1(SparkDataParallel d, int epochs) {
        Datasets.Split mnist = Datasets.mnist();
        Tensor x = flat(mnist.xTrain()), xTest = flat(mnist.xTest());
        Sequential model = new Sequential(List.of(Input.of(784), new Dense(512).activation("relu"),
                new Dense(512).activation("relu"), new Dense(10).activation("softmax")));
        model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", List.of("accuracy"));
        List<Double> seconds = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            long t0 = System.nanoTime();
            model.fit(x, mnist.yTrain(), new FitOptions().epochs(e + 1).initialEpoch(e).batchSize(128).seed(2).verbose(2).distribution(d));
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        double accuracy = model.evaluate(xTest, mnist.yTest(), new EvaluateOptions().batchSize(1000).verbose(0).distribution(d))
                .get("accuracy");
        System.out.printf(Locale.ROOT, "W1 s/epoch %s, test accuracy %.2f%%%n", seconds, 100 * accuracy);
    }

    private static Tensor flat(Tensor images) {
        return Ops.reshape(Ops.div(images, 255.0), Shape.of(images.dim(0), 784));
    }

    private static void w3(SparkDataParallel d, int steps) {
        Tensor x = Tensor.randomNormal(7, steps * 32, 32), y = Tensor.randomNormal(8, steps * 32, 1);
        for (int pass = 0; pass < 3; pass++) {
            double local = stepsPerSecond(x, y, null), onSpark = stepsPerSecond(x, y, d);
            System.out.printf(Locale.ROOT, "W3 pass %d: driver alone %.0f steps/s, Spark %.1f steps/s, Spark step overhead %.1f ms%n",
                    pass + 1, local, onSpark, 1000 * (1 / onSpark - 1 / local));
        }
    }

    private static double stepsPerSecond(Tensor x, Tensor y, SparkDataParallel d) {
        Sequential model = new Sequential(List.of(Input.of(32), new Dense(32).activation("relu"), new Dense(1)));
        model.compile(new SGD(0.01), "mean_squared_error");
        long t0 = System.nanoTime();
        FitOptions o = new FitOptions().epochs(1).batchSize(32).verbose(0);
        model.fit(x, y, d == null ? o : o.distribution(d));
        return x.dim(0) / 32 / ((System.nanoTime() - t0) / 1e9);
    }
}
