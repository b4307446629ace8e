package dev.gradus.examples;

import dev.gradus.Gradus;
import dev.gradus.callbacks.History;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.initializers.GlorotUniform;
import dev.gradus.models.Sequential;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.EvaluateOptions;
import dev.gradus.training.FitOptions;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An example (the main job is now {@code gradus fit}, {@link dev.gradus.cli.Main}): an MLP learns to tell two interleaved spirals apart, data generated here (no
 * download). It prints the model summary, Keras's progress bar with validation metrics for each
 * epoch, and the evaluation on held-out points.
 */
public final class TwoSpirals {
    private TwoSpirals() {}

    /** {@code n} points per spiral, shuffled: x of shape (2n, 2), labels (2n, 1) in {0, 1}. */
    public static Tensor[] spirals(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[4 * n];
        float[] y = new float[2 * n];
        int[] order = new int[2 * n];
        for (int i = 0; i < 2 * n; i++) order[i] = i;
        for (int i = 2 * n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int k = 0; k < 2 * n; k++) {
            int cls = k % 2;
            double t = (k / 2 + 0.5) / n;        // 0..1 along the spiral
            double theta = t * 4.5 * Math.PI + cls * Math.PI;
            double r = 0.1 + 0.9 * t;
            int row = order[k];
            x[2 * row] = (float) (r * Math.cos(theta) + 0.03 * random.nextGaussian());
            x[2 * row + 1] = (float) (r * Math.sin(theta) + 0.03 * random.nextGaussian());
            y[row] = cls;
        }
        return new Tensor[] {Tensor.of(x, 2 * n, 2), Tensor.of(y, 2 * n, 1)};
    }

    /** Trains and evaluates; returns the test metrics ({@code loss}, {@code accuracy}). */
    public static Map<String, Double> run(int epochs, int verbose) {
        Tensor[] train = spirals(1000, 1);
        Tensor[] test = spirals(250, 2);
        Sequential model = new Sequential(List.of(Input.of(2),
                new Dense(64).activation("relu").kernelInitializer(new GlorotUniform().seed(10)),
                new Dense(64).activation("relu").kernelInitializer(new GlorotUniform().seed(11)),
                new Dense(1).activation("sigmoid").kernelInitializer(new GlorotUniform().seed(12))));
        model.name("two_spirals");
        model.compile(new Adam(0.01), "binary_crossentropy", List.of("accuracy"));
        if (verbose > 0) model.printSummary();
        History history = model.fit(train[0], train[1], new FitOptions()
                .epochs(epochs).batchSize(32).validationSplit(0.2).verbose(verbose).seed(3));
        Map<String, Double> result = model.evaluate(test[0], test[1], new EvaluateOptions().verbose(verbose));
        if (verbose > 0) {
            System.out.printf("final validation accuracy %.4f; test accuracy %.4f, test loss %.4f%n",
                    history.get("val_accuracy").get(history.get("val_accuracy").size() - 1),
                    result.get("accuracy"), result.get("loss"));
        }
        return result;
    }

    public static void main(String[] args) {
        System.out.println("Gradus " + Gradus.version() + " on " + Gradus.threads() + " thread(s), matmul kernel: "
                + Gradus.matmulImplementation());
        System.out.println("Two spirals: 2,000 generated points (1,600 to train, the last 400 to validate), 500 to test");
        run(30, 1);
    }
}
