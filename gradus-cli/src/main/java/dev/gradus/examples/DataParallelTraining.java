package dev.gradus.examples;

// README "Data-parallel training": kept in sync with README.md by ExamplesTest.
import dev.gradus.distribution.DataParallel;
import dev.gradus.distribution.Distribution;
import dev.gradus.models.Sequential;
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
        Circle c = Circle.quickStart();
        Tensor x = c.x(), y = c.y();
        Sequential model = c.model();
        try {
            // Keras 3: keras.distribution.set_distribution(keras.distribution.DataParallel(devices=...))
            Distribution.set(DataParallel.replicas(2));                       // every later fit/evaluate/predict
            model.fit(x, y, new FitOptions().epochs(20).verbose(0));
            model.fit(x, y, new FitOptions().epochs(5).verbose(0).distribution(DataParallel.replicas(4))); // or one call only
            List<String> devices = Distribution.listDevices();                 // ["cpu:0", "cpu:1", ...]
            System.out.println("devices " + devices);
            return model.evaluate(x, y, new dev.gradus.training.EvaluateOptions().verbose(0));
        } finally {
            Distribution.set(null);
        }
    }
}
