package dev.gradus.examples;

import dev.gradus.Gradus;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.Adam;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * The quick start's data and model, for the examples that build on it (QuickStart itself spells them
 * out, since the README shows that file line by line): 1,000 points in the square, labelled 1 inside the
 * unit circle, and the compiled 2-16-1 MLP, with the global seed set as the quick start sets it.
 */
record Circle(Tensor x, Tensor y, Sequential model) {
    static Circle quickStart() {
        Gradus.setRandomSeed(42);
        Tensor x = Tensor.randomUniform(Shape.of(1000, 2), -1.5, 1.5, 42);
        Tensor y = Ops.less(Ops.sum(Ops.square(x), new int[] {1}, true), Tensor.scalar(1));
        Sequential model = new Sequential(List.of(Input.of(2),
                new Dense(16).activation("relu"),
                new Dense(1).activation("sigmoid")));
        model.compile(new Adam(0.01), "binary_crossentropy", List.of("accuracy"));
        return new Circle(x, y, model);
    }
}
