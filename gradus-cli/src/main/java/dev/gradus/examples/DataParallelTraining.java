package dev.gradus.examples;

// README "Data-parallel training": kept in sync with README.md by ExamplesTest.
import dev.gradus.Gradus;
import dev.gradus.distribution.DataParallel;
import dev.gradus.distribution.Distribution;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import java.util.List;
import java.util.Map;

/** The quick start's model trained on data-parallel replicas: first by default for every call, then for one call. */
public class DataParallelTraining {
    public static void main(String[] args) {
        Map<String, Double> result = run();
        System.out.println("accuracy " + result.get("accuracy"));
    }

    /** Trains on 2 replicas, then on 4 for one call, and evaluates on 2; returns the evaluation. */
    static Map<String, Double> run() {
        Gradus.setRandomSeed(42);
        Tensor x = Tensor.randomUniform(Shape.of(1000, 2), -1.5, 1.5, 42);
        Tensor y = Ops.less(Ops.sum(Ops.square(x), new int[] {1}, true), Tensor.scalar(1));
        Sequential model = new Sequential(List.of(Input.of(2),
                new Dense(16).activation("relu"),
                new Dense(1).activation("sigmoid")));
        model.compile(new Adam(0.01), "binary_crossentropy", List.of("accuracy"));
        try {
            // Keras 3: keras.distribution.set_distribution(keras.distribution.DataParallel(devices=...))
            Distribution.set(DataParallel.replicas(2));                       // every later fit/evaluate/predict
            model.fit(x, y, new FitOptions().epochs(20).verbose(0));
            model.fit(x, y, new FitOptions().epochs(5).verbose(0).distribution(DataParallel.replicas(4))); // or one call only
            System.out.println("devices " + Distribution.listDevices());
            Distribution.listDevices();                                        // ["cpu:0", "cpu:1", ...]
            return model.evaluate(x, y, new dev.gradus.training.EvaluateOptions().verbose(0));
        } finally {
            Distribution.set(null);
        }
    }
}
