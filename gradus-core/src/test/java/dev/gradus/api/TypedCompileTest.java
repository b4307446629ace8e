package dev.gradus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.initializers.Constant;
import dev.gradus.layers.Dense;
import dev.gradus.layers.Input;
import dev.gradus.losses.Loss;
import dev.gradus.losses.Losses;
import dev.gradus.metrics.Metric;
import dev.gradus.metrics.Metrics;
import dev.gradus.models.Model;
import dev.gradus.models.Sequential;
import dev.gradus.ops.Ops;
import dev.gradus.optimizers.SGD;
import dev.gradus.tensor.Tensor;
import dev.gradus.training.CompileOptions;
import dev.gradus.training.EvaluateOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** compile, Losses.get and Metrics.get take lambdas without casts; there is no compile(Object, Object) to swap arguments in. */
class TypedCompileTest {
    static final Tensor X = Tensor.of(new float[][] {{1}, {2}});

    static Sequential model() {
        return new Sequential(List.of(Input.of(1), new Dense(1).useBias(false).kernelInitializer(new Constant(1.0))));
    }

    @Test
    void lambdasNeedNoCast() {
        Sequential m = model();
        m.compile("sgd", (yTrue, yPred) -> Ops.mean(Ops.square(Ops.subtract(yTrue, yPred)), new int[] {-1}, false),
                List.of(Metrics.get((yTrue, yPred) -> Ops.abs(Ops.subtract(yTrue, yPred)))));
        Map<String, Double> r = m.evaluate(X, X.mul(3), new EvaluateOptions().verbose(0));
        // predictions 1, 2 against 3, 6: squared errors 4, 16; absolute 2, 4
        assertThat(r.get("loss")).isCloseTo(10.0, within(1e-6));
        assertThat(r.values()).contains(3.0);

        Loss l = Losses.get((yTrue, yPred) -> Ops.sum(yPred, new int[] {-1}, false));
        assertThat(l.call(X, X).item()).isEqualTo(1.5f);
        Metric mae = Metrics.get((yTrue, yPred) -> Ops.abs(Ops.subtract(yTrue, yPred)));
        mae.updateState(X, Tensor.zeros(2, 1));
        assertThat(mae.result().item()).isEqualTo(1.5f);
        Sequential n = model();
        n.compile(new CompileOptions().optimizer(new SGD(0.0)).loss((yTrue, yPred) -> Ops.square(Ops.subtract(yTrue, yPred))));
        assertThat(n.evaluate(X, X.mul(3), new EvaluateOptions().verbose(0)).get("loss")).isCloseTo(10.0, within(1e-6));
    }

    @Test
    void compileIsTypedSoSwappedArgumentsDoNotCompile() {
        assertThatThrownBy(() -> Model.class.getMethod("compile", Object.class, Object.class)).isInstanceOf(NoSuchMethodException.class);
        assertThatThrownBy(() -> Model.class.getMethod("compile", Object.class, Object.class, List.class))
                .isInstanceOf(NoSuchMethodException.class);
    }
}
