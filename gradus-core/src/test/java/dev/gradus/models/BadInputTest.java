package dev.gradus.models;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.FitOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class BadInputTest {
    static Sequential model() {
        return new Sequential(List.of(Input.of(2), new Dense(1)));
    }

    @Test
    void fitBeforeCompile() {
        assertThatThrownBy(() -> model().fit(Tensor.ones(4, 2), Tensor.ones(4, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("You must call `compile()` before using the model.");
        assertThatThrownBy(() -> model().evaluate(Tensor.ones(4, 2), Tensor.ones(4, 1))).hasMessageContaining("compile()");
    }

    @Test
    void xAndYOfDifferentLengths() {
        Sequential m = model();
        m.compile("sgd", "mse");
        assertThatThrownBy(() -> m.fit(Tensor.ones(4, 2), Tensor.ones(3, 1), new FitOptions().verbose(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Data cardinality is ambiguous")
                .hasMessageContaining("'x' sizes: 4")
                .hasMessageContaining("'y' sizes: 3");
        assertThatThrownBy(() -> m.fit(Tensor.ones(4, 2), Tensor.ones(4, 1),
                new FitOptions().verbose(0).sampleWeight(Tensor.ones(5))))
                .hasMessageContaining("'sample_weight' sizes: 5");
    }

    @Test
    void validationSplitOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new FitOptions().validationSplit(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validation_split must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new FitOptions().validationSplit(-0.1)).hasMessageContaining("got -0.1");
        Sequential m = model();
        m.compile("sgd", "mse");
        // 0.6 of 2 samples leaves no training sample
        assertThatThrownBy(() -> m.fit(Tensor.ones(2, 2), Tensor.ones(2, 1), new FitOptions().verbose(0).validationSplit(0.6)))
                .hasMessageContaining("not sufficient to split it");
    }

    @Test
    void unknownLossString() {
        assertThatThrownBy(() -> model().compile("sgd", "mean_squared_eror"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mean_squared_eror")
                .hasMessageContaining("mean_squared_error");
    }

    @Test
    void layerGivenTheWrongInputRank() {
        Sequential m = model();
        m.compile("sgd", "mse");
        assertThatThrownBy(() -> m.predict(Tensor.ones(4, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expects inputs of shape (None, 2), got (4, 2, 3)");
        assertThatThrownBy(() -> new Dense(3).apply(Input.of()))
                .hasMessageContaining("expected min_ndim=2, found ndim=1");
    }

    @Test
    void otherMistakes() {
        Sequential m = model();
        m.compile("sgd", "mse");
        assertThatThrownBy(() -> m.fit(Tensor.ones(4, 2), Tensor.ones(4, 1), new FitOptions().verbose(0)
                .classWeight(java.util.Map.of(0, 1.0)).sampleWeight(Tensor.ones(4))))
                .hasMessageContaining("class_weight");
        assertThatThrownBy(() -> new FitOptions().batchSize(0)).hasMessageContaining("batch_size");
        assertThatThrownBy(() -> new FitOptions().verbose(3)).hasMessageContaining("verbose must be 0, 1 or 2, got 3");
        assertThatThrownBy(() -> m.getLayer("nope")).hasMessageContaining("No such layer: nope");
        assertThatThrownBy(() -> new Sequential().pop()).hasMessageContaining("no layers");
        assertThatThrownBy(() -> Model.of(Input.of(2), new Dense(1).apply(Input.of(3))))
                .hasMessageContaining("not among the model's inputs");
    }
}
