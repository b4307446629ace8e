package dev.gradus.examples;

// README quick-start: kept in sync with README.md by ExamplesTest.
import dev.gradus.Gradus;
import dev.gradus.callbacks.History;
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

public class QuickStart {
    public static void main(String[] args) {
        Gradus.setRandomSeed(42); // as keras.utils.set_random_seed: the same weights at every run
        // 1,000 points in the square; the label says whether a point lies inside the unit circle
        Tensor x = Tensor.randomUniform(Shape.of(1000, 2), -1.5, 1.5, 42);
        Tensor y = Ops.less(Ops.sum(Ops.square(x), new int[] {1}, true), Tensor.scalar(1));

        Sequential model = new Sequential(List.of(Input.of(2),
                new Dense(16).activation("relu"),
                new Dense(1).activation("sigmoid")));
        model.compile(new Adam(0.01), "binary_crossentropy", List.of("accuracy"));
        History history = model.fit(x, y, new FitOptions().epochs(20).batchSize(32).validationSplit(0.2).verbose(0));

        List<Double> losses = history.get("loss");
        for (int epoch = 0; epoch < losses.size(); epoch += 5)
            System.out.println("epoch " + (epoch + 1) + " loss " + losses.get(epoch));
        Map<String, Double> result = model.evaluate(x, y);
        System.out.println("accuracy " + result.get("accuracy") + ", val_accuracy "
                + history.get("val_accuracy").get(losses.size() - 1));
    }
}
